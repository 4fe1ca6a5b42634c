package org.berth.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.berth.app.AppEvent;
import org.berth.app.AppEvent.Type;
import org.berth.config.NotificationSettings;
import org.berth.config.NotificationWebhook;
import org.junit.jupiter.api.Test;

/**
 * {@link WebhookNotifier} against real receivers on loopback sockets: a failed answer is retried
 * after the documented wait, a receiver that never answers is given up after the timeout and the
 * retries, each webhook gets only the event types it chose, and the JSON carries each event's fields.
 * A webhook delivers its events one after the other, so the arrival of a later event is what shows
 * that an earlier one is done with: attempts are counted exactly without sleeping.
 */
class WebhookNotifierTest {
    static final Instant AT = Instant.parse("2025-03-01T10:15:30.123Z");
    static final Duration WAIT = Duration.ofSeconds(20);
    /**
     * Slack below the documented figures where a timeout is involved: the client's timer starts before the
     * receiver has read the request whole (by some 30 ms for a client's first request).
     */
    static final Duration SLACK = Duration.ofMillis(150);

    @Test
    void aFailedAnswerIsRetriedAfterHalfASecondUntilTheReceiverTakesTheEvent() throws Exception {
        try (Receiver receiver = Receiver.start(503);
             WebhookNotifier notifier = notifier(Duration.ofSeconds(5), 3, receiver.hook("/hook", Set.of()))) {
            notifier.appEvent(event(Type.DEPLOY_SUCCEEDED, 7));
            notifier.appEvent(event(Type.ROLLBACK, 7));
            await().atMost(WAIT).until(() -> receiver.types("/hook").contains("rollback"));

            // 503, then 204: two attempts, then the next event (a third attempt would come before it).
            assertThat(receiver.types("/hook")).containsExactly("deploy-succeeded", "deploy-succeeded", "rollback");
            assertThat(receiver.statuses()).containsExactly(503, 204, 204);
            // The wait begins once the 503 has arrived, so after the receiver answered: no slack below.
            assertThat(receiver.gap(0, 1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(3));
        }
    }

    @Test
    void aReceiverThatNeverAnswersIsGivenUpAfterTheTimeoutAndTheRetries() throws Exception {
        try (Silent receiver = Silent.start();
             WebhookNotifier notifier = notifier(Duration.ofMillis(300), 2, receiver.hook())) {
            notifier.appEvent(event(Type.DEPLOY_STARTED, 7));
            notifier.appEvent(event(Type.DEPLOY_FAILED, 7));
            await().atMost(WAIT).until(() -> receiver.heard().size() >= 4);

            List<Heard> heard = receiver.heard();
            // One attempt and two retries of the first event, then the second event: the first was given up.
            assertThat(heard.subList(0, 4).stream().map(Heard::type).toList())
                    .containsExactly("deploy-started", "deploy-started", "deploy-started", "deploy-failed");
            // Each attempt waits out the 0.3 s timeout; the retries wait 0.5 s, then 1 s.
            assertThat(Duration.between(heard.get(0).at(), heard.get(1).at()))
                    .isBetween(Duration.ofMillis(800).minus(SLACK), Duration.ofMillis(800).plus(Duration.ofSeconds(1)));
            assertThat(Duration.between(heard.get(1).at(), heard.get(2).at()))
                    .isBetween(Duration.ofMillis(1300).minus(SLACK), Duration.ofMillis(1300).plus(Duration.ofSeconds(1)));
            // Given up 3 × 0.3 s + 0.5 s + 1 s after the first attempt: no longer, no sooner.
            assertThat(Duration.between(heard.get(0).at(), heard.get(3).at()))
                    .isBetween(Duration.ofMillis(2400).minus(SLACK), Duration.ofMillis(2400).plus(Duration.ofMillis(1500)));
        }
    }

    @Test
    void eachWebhookGetsOnlyTheEventTypesItChoseAsJsonWithTheirFields() throws Exception {
        try (Receiver receiver = Receiver.start();
             WebhookNotifier notifier = notifier(Duration.ofSeconds(5), 3, receiver.hook("/all", Set.of()),
                     receiver.hook("/chosen", Set.of("deploy-failed", "crash-loop")))) {
            notifier.appEvent(event(Type.DEPLOY_STARTED, 7));
            notifier.appEvent(new AppEvent(Type.DEPLOY_SUCCEEDED, "shop", 7, "incoming", AT, "release 7 is serving",
                    Optional.of(Duration.ofMillis(2140))));
            notifier.appEvent(event(Type.DEPLOY_FAILED, 8));
            notifier.appEvent(event(Type.ROLLBACK, 7));
            notifier.appEvent(new AppEvent(Type.CRASH_LOOP, "shop", 7, "supervisor", AT,
                    "r7/web-1 is crash-looping: exited with status 1 after 0.1 s; restart in 4 s", Optional.empty()));
            // Last, wanted by both: once each has it, each has had everything it will get.
            notifier.appEvent(new AppEvent(Type.CRASH_LOOP, "shop", 0, "supervisor", AT, "before any release",
                    Optional.empty()));
            await().atMost(WAIT).until(() -> receiver.messages("/all").contains("before any release")
                    && receiver.messages("/chosen").contains("before any release"));

            assertThat(receiver.types("/all")).containsExactly("deploy-started", "deploy-succeeded", "deploy-failed",
                    "rollback", "crash-loop", "crash-loop");
            assertThat(receiver.types("/chosen")).containsExactly("deploy-failed", "crash-loop", "crash-loop");
            assertThat(receiver.bodies("/chosen").get(1)).isEqualTo(new JsonObject().put("type", "crash-loop")
                    .put("app", "shop").put("release", 7).put("trigger", "supervisor").put("time", "2025-03-01T10:15:30.123Z")
                    .put("message", "r7/web-1 is crash-looping: exited with status 1 after 0.1 s; restart in 4 s"));
            assertThat(receiver.bodies("/chosen").get(2).getValue("release")).as("no release yet").isNull();
            assertThat(receiver.bodies("/all").get(1).getLong("duration_ms")).isEqualTo(2140);
            assertThat(receiver.bodies("/all").get(0).containsKey("duration_ms")).isFalse();
            assertThat(receiver.contentTypes()).containsOnly("application/json");
        }
    }

    static WebhookNotifier notifier(Duration timeout, int retries, NotificationWebhook... webhooks) {
        return new WebhookNotifier(new NotificationSettings(List.of(webhooks), timeout, retries));
    }

    static AppEvent event(Type type, long release) {
        return new AppEvent(type, "shop", release, "incoming", AT, type.label() + " " + release, Optional.empty());
    }

    static String type(byte[] body) {
        return new JsonObject(new String(body, StandardCharsets.UTF_8)).getString("type");
    }

    /** A receiver that answers the scripted statuses first, then 204 to everything. */
    static final class Receiver implements AutoCloseable {
        private final HttpServer server;
        private final Queue<Integer> script;
        private final List<Heard> heard = new CopyOnWriteArrayList<>();
        private final List<Integer> statuses = new CopyOnWriteArrayList<>();
        private final List<String> contentTypes = new CopyOnWriteArrayList<>();

        private Receiver(HttpServer server, Queue<Integer> script) {
            this.server = server;
            this.script = script;
        }

        static Receiver start(Integer... firstAnswers) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            Receiver receiver = new Receiver(server, new ArrayDeque<>(List.of(firstAnswers)));
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                receiver.heard.add(new Heard(Instant.now(), exchange.getRequestURI().getPath(), body));
                receiver.contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
                int status;
                synchronized (receiver.script) {
                    status = receiver.script.isEmpty() ? 204 : receiver.script.remove();
                }
                receiver.statuses.add(status);
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            return receiver;
        }

        NotificationWebhook hook(String path, Set<String> events) {
            return new NotificationWebhook(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path), events,
                    Optional.empty());
        }

        List<JsonObject> bodies(String path) {
            return heard.stream().filter(one -> one.path().equals(path))
                    .map(one -> new JsonObject(new String(one.body(), StandardCharsets.UTF_8))).toList();
        }

        List<String> types(String path) {
            return bodies(path).stream().map(json -> json.getString("type")).toList();
        }

        List<String> messages(String path) {
            return bodies(path).stream().map(json -> json.getString("message")).toList();
        }

        List<Integer> statuses() {
            return List.copyOf(statuses);
        }

        List<String> contentTypes() {
            return List.copyOf(contentTypes);
        }

        Duration gap(int from, int to) {
            return Duration.between(heard.get(from).at(), heard.get(to).at());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    record Heard(Instant at, String path, byte[] body) {
        String type() {
            return WebhookNotifierTest.type(body);
        }
    }

    /** Accepts connections and reads each request whole, then never answers: a hung receiver. */
    static final class Silent implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Heard> heard = new CopyOnWriteArrayList<>();
        private final List<Socket> connections = new CopyOnWriteArrayList<>();

        private Silent(ServerSocket socket) {
            this.socket = socket;
        }

        static Silent start() throws IOException {
            Silent silent = new Silent(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            Thread.ofVirtual().start(silent::accept);
            return silent;
        }

        private void accept() {
            try {
                while (!socket.isClosed()) {
                    Socket connection = socket.accept();
                    connections.add(connection);
                    Thread.ofVirtual().start(() -> read(connection));
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        private void read(Socket connection) {
            try {
                InputStream in = connection.getInputStream();
                String head = head(in);
                int length = Integer.parseInt(head.lines().filter(line -> line.toLowerCase(Locale.ROOT)
                        .startsWith("content-length:")).findFirst().orElseThrow().substring(15).trim());
                heard.add(new Heard(Instant.now(), "/", in.readNBytes(length)));
            } catch (IOException | RuntimeException closed) {
                // the client gave up on this connection
            }
        }

        private static String head(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int next = in.read();
                if (next < 0) {
                    throw new IOException("closed before the end of the head");
                }
                head.write(next);
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }

        NotificationWebhook hook() {
            return new NotificationWebhook(URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/hook"), Set.of(),
                    Optional.empty());
        }

        List<Heard> heard() {
            return List.copyOf(heard);
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket connection : connections) {
                connection.close();
            }
        }
    }
}
