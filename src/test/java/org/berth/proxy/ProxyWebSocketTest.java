package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Websocket sessions through the proxy (the JDK's client, a Netty echo server behind). */
class ProxyWebSocketTest {
    private WebSocketEchoBackend a;
    private WebSocketEchoBackend b;
    private ProxyFixture proxy;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        a = new WebSocketEchoBackend("a");
        b = new WebSocketEchoBackend("b");
        // A short request bound: a websocket must outlive it.
        proxy = ProxyFixture.start(settings -> settings.withTimeouts(settings.connectTimeout(), settings.idleTimeout(),
                Optional.of(Duration.ofMillis(500))));
        proxy.route("127.0.0.1", a.target());
    }

    @AfterEach
    void stop() {
        // close() would wait for every open websocket to end.
        http.shutdownNow();
        proxy.close();
        a.close();
        b.close();
    }

    @Test
    void aSessionKeepsWorkingWhileTheRouteMovesAndNewSessionsGoToTheNewBackend() throws Exception {
        Session session = open();
        assertThat(session.say("one")).isEqualTo("a: one");
        assertThat(proxy.inFlight.count(a.target())).isEqualTo(1);
        assertThat(proxy.tunnels.count(a.target())).isEqualTo(1);

        proxy.route("127.0.0.1", b.target());
        Thread.sleep(700);  // past the request time bound
        assertThat(session.say("two")).isEqualTo("a: two");
        Session fresh = open();
        assertThat(fresh.say("three")).isEqualTo("b: three");
        assertThat(proxy.inFlight.count(a.target())).isEqualTo(1);

        session.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.inFlight.count(a.target()) == 0);
        assertThat(proxy.tunnels.count(a.target())).isZero();
        fresh.socket.abort();
    }

    @Test
    void closingTheTunnelsToABackendClosesTheClientsConnection() throws Exception {
        // A raw client: the JDK's websocket client notices an abrupt close only on its own schedule,
        // while a socket read sees the end of the stream as soon as it arrives.
        try (java.net.Socket client = new java.net.Socket("127.0.0.1", proxy.port)) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String head = readHead(client.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 101");
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.tunnels.count(a.target()) == 1);

            assertThat(proxy.server.closeConnectionsTo(a.target())).isEqualTo(1);
            assertThat(client.getInputStream().read()).as("end of stream").isEqualTo(-1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.inFlight.count(a.target()) == 0);
    }

    private static String readHead(java.io.InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            head.append((char) next);
        }
        return head.toString();
    }

    @Test
    void largeMessagesCrossTheTunnelIntact() throws Exception {
        Session session = open();
        String big = "0123456789".repeat(40_000);
        String answer = session.say(big);
        assertThat(answer.length()).isEqualTo(big.length() + 3);
        assertThat(answer.equals("a: " + big)).as("the echo is the message").isTrue();
    }

    private Session open() throws Exception {
        Session session = new Session();
        session.socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + proxy.port + "/ws"), session).get(5, TimeUnit.SECONDS);
        return session;
    }

    /** One client session; messages arrive in a queue. */
    private static final class Session implements WebSocket.Listener {
        final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Boolean> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        String say(String text) throws Exception {
            socket.sendText(text, true).get(5, TimeUnit.SECONDS);
            String answer = received.poll(5, TimeUnit.SECONDS);
            assertThat(answer).as("answer to %s", text.length() > 20 ? text.substring(0, 20) + "…" : text).isNotNull();
            return answer;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(true);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(true);
        }
    }

}
