package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Message framing across the proxy: HTTP/1.0 clients, chunked and close-delimited bodies, HEAD, 100-continue. */
class ProxyHttpSemanticsTest {
    private ProxyFixture proxy;

    @BeforeEach
    void start() throws IOException {
        proxy = ProxyFixture.start();
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private static ScriptedBackend.Script answering(String response) {
        return (socket, self) -> {
            while (self.readRequest(socket.getInputStream()) != null) {
                ScriptedBackend.write(socket, response);
            }
        };
    }

    @Test
    void aChunkedAnswerReachesAnHttp10ClientPlainAndEndedByClose() throws IOException {
        try (ScriptedBackend backend = new ScriptedBackend(answering(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
             RawHttpClient client = proxy.client()) {
            proxy.route("app.test", backend.target());
            RawHttpClient.Response response = client.exchange(
                    "GET / HTTP/1.0\r\nHost: app.test\r\nConnection: keep-alive\r\n\r\n");
            assertThat(response.header("transfer-encoding")).isNull();
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(response.text()).isEqualTo("hello world");
        }
    }

    @Test
    void aCloseDelimitedAnswerIsChunkedForAnHttp11ClientThatStaysConnected() throws IOException {
        try (ScriptedBackend backend = new ScriptedBackend((socket, self) -> {
            self.readRequest(socket.getInputStream());
            ScriptedBackend.write(socket, "HTTP/1.0 200 OK\r\n\r\nuntil the end");
        }); RawHttpClient client = proxy.client()) {
            proxy.route("app.test", backend.target());
            RawHttpClient.Response response = client.exchange(RawHttpClient.get("app.test", "/"));
            assertThat(response.header("transfer-encoding")).isEqualTo("chunked");
            assertThat(response.text()).isEqualTo("until the end");
            assertThat(client.exchange(RawHttpClient.get("app.test", "/again")).text()).isEqualTo("until the end");
        }
    }

    @Test
    void aHeadAnswerKeepsItsLengthWithoutABodyAndTheConnectionGoesOn() throws IOException {
        try (ScriptedBackend backend = new ScriptedBackend((socket, self) -> {
            String request;
            while ((request = self.readRequest(socket.getInputStream())) != null) {
                ScriptedBackend.write(socket, request.startsWith("HEAD")
                        ? "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"
                        : "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext");
            }
        }); RawHttpClient client = proxy.client()) {
            proxy.route("app.test", backend.target());
            client.send("HEAD / HTTP/1.1\r\nHost: app.test\r\n\r\n");
            RawHttpClient.Response head = client.read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-length")).isEqualTo("1000");
            assertThat(client.exchange(RawHttpClient.get("app.test", "/next")).text()).isEqualTo("next");
        }
    }

    @Test
    void expectContinueIsAnsweredByTheBackendThroughTheProxy() throws IOException {
        try (HttpBackend backend = new HttpBackend("echo"); RawHttpClient client = proxy.client()) {
            proxy.route("app.test", backend.target());
            client.send("POST /upload HTTP/1.1\r\nHost: app.test\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(100);
            client.send("hello");
            RawHttpClient.Response response = client.read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).startsWith("bytes=5 ");
        }
    }

    @Test
    void aBackendAnsweringBeforeTheUploadEndsClosesTheClientConnectionAfterTheAnswer() throws IOException {
        try (ScriptedBackend backend = new ScriptedBackend((socket, self) -> {
            self.readRequest(socket.getInputStream());
            ScriptedBackend.write(socket, "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 3\r\n\r\nbig");
            while (socket.getInputStream().read() >= 0) {
                // drain until the proxy gives up on this connection
            }
        }); RawHttpClient client = proxy.client()) {
            proxy.route("app.test", backend.target());
            client.send("POST / HTTP/1.1\r\nHost: app.test\r\nContent-Length: 100000\r\n\r\npartial");
            RawHttpClient.Response response = client.read();
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.text()).isEqualTo("big");
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void headerNamesReachTheClientSpelledAsTheBackendWroteThem() throws IOException {
        // Common names come out of a table of constants: each must still be the backend's own bytes.
        String names = "Server: s\r\ncontent-type: text/x\r\nETag: \"1\"\r\netag-like: 2\r\nX-Powered-By: p\r\n"
                + "SET-COOKIE: a=b\r\nX-Custom-Header: c\r\n";
        try (ScriptedBackend backend = new ScriptedBackend(answering(
                "HTTP/1.1 200 OK\r\n" + names + "Content-Length: 2\r\n\r\nok"));
             RawHttpClient client = proxy.client()) {
            proxy.route("app.test", backend.target());
            for (int round = 0; round < 2; round++) {
                client.send(RawHttpClient.get("app.test", "/"));
                String head = rawHead(client);
                assertThat(head).contains("\r\n" + names).contains("\r\nContent-Length: 2\r\n");
                assertThat(new String(client.input().readNBytes(2), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ok");
            }
        }
    }

    @Test
    void aConnectRequestIsRefusedAndNeverReachesTheBackend() throws IOException {
        try (ScriptedBackend backend = new ScriptedBackend(ScriptedBackend.keepAlive("backend"));
             RawHttpClient client = proxy.client()) {
            proxy.route("app.test", backend.target());
            RawHttpClient.Response refused = client.exchange("CONNECT app.test:443 HTTP/1.1\r\nHost: app.test\r\n\r\n");
            assertThat(refused.status()).isEqualTo(405);
            assertThat(refused.text()).contains("CONNECT");
            // The connection goes on as HTTP, and only the GET reached the backend.
            assertThat(client.exchange(RawHttpClient.get("app.test", "/")).text()).isEqualTo("backend");
            assertThat(backend.requests.get()).isEqualTo(1);
        }
    }

    private static String rawHead(RawHttpClient client) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = client.input().read();
            if (c < 0) {
                throw new java.io.EOFException("closed after " + head);
            }
            head.append((char) c);
        }
        return head.toString();
    }
}
