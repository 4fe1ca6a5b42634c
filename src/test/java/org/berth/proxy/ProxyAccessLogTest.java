package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.berth.applog.LogRotation;
import org.berth.config.AccessLogSettings;
import org.berth.config.AppSettings;
import org.berth.route.HostPattern;
import org.berth.route.InFlightRequests;
import org.berth.route.Route;
import org.berth.route.RouteTarget;
import org.berth.route.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access log through a real proxy: one line per request answered, with the fields the client
 * and the proxy saw. Each test ends by closing the proxy, then the writer, so every line is on disk.
 */
class ProxyAccessLogTest {
    private static final Pattern COMBINED = Pattern.compile(
            "127\\.0\\.0\\.1 - - \\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000] "
                    + "\"GET /hello\\?x=1 HTTP/1\\.1\" 200 (\\d+) \"http://referer\\.test/page\" \"test-agent/1\\.0\"");

    @TempDir
    Path dataRoot;

    private final Router router = new Router();
    private AccessLogWriter writer;
    private ProxyServer server;
    private int port;
    private HttpBackend backend;
    private WebSocketEchoBackend webSockets;
    private Instant before;

    private void start(AccessLogFormat format) throws IOException {
        start(format, settings -> settings);
    }

    private void start(AccessLogFormat format, UnaryOperator<ProxySettings> tweak) throws IOException {
        before = Instant.now().minusMillis(1);
        writer = AccessLogWriter.open(dataRoot, format, LogRotation.DEFAULT);
        server = new ProxyServer(tweak.apply(ProxyFixture.defaults()), router, new InFlightRequests(), new Tunnels(),
                LocalTargets.standard(), Optional.of(writer));
        port = server.start().get(0).getPort();
    }

    private void route(String host, RouteTarget target) {
        router.update(table -> table.withApp("app-" + host, List.of(new Route(new HostPattern(host), "app-" + host, 1, target))));
    }

    /** Stops the proxy, then the writer, and returns every line written. */
    private List<String> lines() throws IOException {
        server.close();
        writer.close();
        assertThat(writer.dropped()).isZero();
        return Files.readAllLines(dataRoot.resolve("log").resolve("access.log"), StandardCharsets.UTF_8);
    }

    private List<JsonObject> jsonLines() throws IOException {
        return lines().stream().map(JsonObject::new).toList();
    }

    private void assertTimes(JsonObject line) {
        Instant time = Instant.parse(line.getString("time"));
        assertThat(time).isBetween(before, Instant.now());
        assertThat(line.getLong("duration_us")).isBetween(0L, 10_000_000L);
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (writer != null) {
            writer.close();
        }
        if (backend != null) {
            backend.close();
        }
        if (webSockets != null) {
            webSockets.close();
        }
    }

    @Test
    void aForwardedGetIsOneCombinedLine() throws Exception {
        backend = new HttpBackend("app");
        start(AccessLogFormat.COMBINED);
        route("app.test", backend.target());
        RawHttpClient.Response response;
        try (RawHttpClient client = new RawHttpClient(port)) {
            response = client.exchange(RawHttpClient.get("app.test", "/hello?x=1",
                    "Referer: http://referer.test/page", "User-Agent: test-agent/1.0"));
        }
        assertThat(response.status()).isEqualTo(200);

        List<String> lines = lines();
        assertThat(lines).hasSize(1);
        var matcher = COMBINED.matcher(lines.get(0));
        assertThat(matcher.matches()).as(lines.get(0)).isTrue();
        assertThat(Long.parseLong(matcher.group(1))).isEqualTo(response.body().length);
    }

    @Test
    void aForwardedGetAsJsonHasEveryField() throws Exception {
        backend = new HttpBackend("app");
        start(AccessLogFormat.JSON);
        route("app.test", backend.target());
        RawHttpClient.Response response;
        try (RawHttpClient client = new RawHttpClient(port)) {
            response = client.exchange(RawHttpClient.get("app.test", "/hello?x=1", "User-Agent: test-agent/1.0"));
        }

        List<JsonObject> lines = jsonLines();
        assertThat(lines).hasSize(1);
        JsonObject line = lines.get(0);
        assertThat(line.fieldNames()).containsExactlyInAnyOrder("time", "peer", "method", "target", "protocol",
                "status", "bytes_sent", "referer", "user_agent", "host", "duration_us", "upstream");
        assertThat(line.getString("peer")).isEqualTo("127.0.0.1");
        assertThat(line.getString("method")).isEqualTo("GET");
        assertThat(line.getString("target")).isEqualTo("/hello?x=1");
        assertThat(line.getString("protocol")).isEqualTo("HTTP/1.1");
        assertThat(line.getInteger("status")).isEqualTo(200);
        assertThat(line.getLong("bytes_sent")).isEqualTo(response.body().length);
        assertThat(line.getValue("referer")).isNull();
        assertThat(line.getString("user_agent")).isEqualTo("test-agent/1.0");
        assertThat(line.getString("host")).isEqualTo("app.test");
        assertThat(line.getString("upstream")).isEqualTo("127.0.0.1:" + backend.port());
        assertTimes(line);
    }

    @Test
    void everyRequestOfAKeepAliveConnectionIsOneLineInOrder() throws Exception {
        backend = new HttpBackend("app");
        start(AccessLogFormat.JSON);
        route("app.test", backend.target());
        try (RawHttpClient client = new RawHttpClient(port)) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.exchange(RawHttpClient.get("app.test", "/r" + i)).status()).isEqualTo(200);
            }
            assertThat(client.exchange(RawHttpClient.get("nobody.test", "/r3")).status()).isEqualTo(404);
        }

        assertThat(jsonLines()).extracting(line -> line.getString("target") + " " + line.getInteger("status"))
                .containsExactly("/r0 200", "/r1 200", "/r2 200", "/r3 404");
    }

    @Test
    void anUnknownHostIsOneLineWithoutUpstream() throws Exception {
        start(AccessLogFormat.JSON);
        RawHttpClient.Response response;
        try (RawHttpClient client = new RawHttpClient(port)) {
            response = client.exchange(RawHttpClient.get("nobody.test", "/missing"));
        }
        assertThat(response.status()).isEqualTo(404);

        List<JsonObject> lines = jsonLines();
        assertThat(lines).hasSize(1);
        JsonObject line = lines.get(0);
        assertThat(line.getString("method")).isEqualTo("GET");
        assertThat(line.getString("target")).isEqualTo("/missing");
        assertThat(line.getInteger("status")).isEqualTo(404);
        assertThat(line.getLong("bytes_sent")).isEqualTo(response.body().length).isPositive();
        assertThat(line.getString("host")).isEqualTo("nobody.test");
        assertThat(line.getValue("upstream")).isNull();
        assertTimes(line);
    }

    @Test
    void aStaticRangeCountsTheBytesOfTheRangeAndAHeadNone() throws Exception {
        Path root = Files.createDirectory(dataRoot.resolve("site"));
        Files.writeString(root.resolve("data.txt"), "0123456789");
        start(AccessLogFormat.JSON);
        route("files.test", new RouteTarget.StaticFiles(root, false));
        try (RawHttpClient client = new RawHttpClient(port)) {
            RawHttpClient.Response range = client.exchange(RawHttpClient.get("files.test", "/data.txt", "Range: bytes=2-4"));
            assertThat(range.status()).isEqualTo(206);
            assertThat(range.text()).isEqualTo("234");
            client.send("HEAD /data.txt HTTP/1.1\r\nHost: files.test\r\n\r\n");
            assertThat(client.read(true).status()).isEqualTo(200);
        }

        List<JsonObject> lines = jsonLines();
        assertThat(lines).hasSize(2);
        JsonObject range = lines.get(0);
        assertThat(range.getString("method")).isEqualTo("GET");
        assertThat(range.getString("target")).isEqualTo("/data.txt");
        assertThat(range.getInteger("status")).isEqualTo(206);
        assertThat(range.getLong("bytes_sent")).isEqualTo(3);
        assertThat(range.getString("host")).isEqualTo("files.test");
        assertThat(range.getValue("upstream")).isNull();
        assertTimes(range);
        JsonObject head = lines.get(1);
        assertThat(head.getString("method")).isEqualTo("HEAD");
        assertThat(head.getInteger("status")).isEqualTo(200);
        assertThat(head.getLong("bytes_sent")).isZero();
    }

    @Test
    void aWebsocketUpgradeIsOneLineWithStatus101() throws Exception {
        webSockets = new WebSocketEchoBackend("ws");
        start(AccessLogFormat.JSON);
        route("127.0.0.1", webSockets.target());
        HttpClient http = HttpClient.newHttpClient();
        try {
            CompletableFuture<String> answer = new CompletableFuture<>();
            WebSocket socket = http.newWebSocketBuilder().header("User-Agent", "ws-agent")
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            answer.complete(data.toString());
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);
            socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
            assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("ws: hello");
            socket.abort();
        } finally {
            http.shutdownNow();
        }

        List<JsonObject> lines = jsonLines();
        assertThat(lines).hasSize(1);
        JsonObject line = lines.get(0);
        assertThat(line.getString("method")).isEqualTo("GET");
        assertThat(line.getString("target")).isEqualTo("/ws");
        assertThat(line.getInteger("status")).isEqualTo(101);
        assertThat(line.getLong("bytes_sent")).isZero();
        assertThat(line.getString("user_agent")).isEqualTo("ws-agent");
        assertThat(line.getString("upstream")).isEqualTo("127.0.0.1:" + webSockets.target().port());
        assertTimes(line);
    }

    @Test
    void aSpoofedForwardedForFromAnUntrustedPeerIsNotThePeerLogged() throws Exception {
        start(AccessLogFormat.JSON);
        try (RawHttpClient client = new RawHttpClient(port)) {
            client.exchange(RawHttpClient.get("nobody.test", "/", "X-Forwarded-For: 203.0.113.9"));
        }

        assertThat(jsonLines()).extracting(line -> line.getString("peer")).containsExactly("127.0.0.1");
    }

    @Test
    void aTrustedProxysForwardedForIsThePeerLogged() throws Exception {
        backend = new HttpBackend("app");
        start(AccessLogFormat.COMBINED, settings -> settings.withTrust(address -> true));
        route("app.test", backend.target());
        try (RawHttpClient client = new RawHttpClient(port)) {
            client.exchange(RawHttpClient.get("app.test", "/", "X-Forwarded-For: 203.0.113.9, 10.0.0.1"));
        }

        assertThat(lines()).singleElement().asString().startsWith("203.0.113.9 - - [");
    }

    @Test
    void aRequestTheCodecCannotReadIsOneLineWithItsRefusal() throws Exception {
        start(AccessLogFormat.JSON);
        try (RawHttpClient client = new RawHttpClient(port)) {
            assertThat(client.exchange("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x.test\r\n\r\n").status())
                    .isEqualTo(414);
        }

        List<JsonObject> lines = jsonLines();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).getInteger("status")).isEqualTo(414);
        assertThat(lines.get(0).getLong("bytes_sent")).isPositive();
    }

    @Test
    void aClientLeavingMidResponseIsLoggedWithTheBytesSoFar() throws Exception {
        backend = new HttpBackend("app");
        start(AccessLogFormat.JSON);
        route("app.test", backend.target());
        long size = 32L * 1024 * 1024;
        try (RawHttpClient client = new RawHttpClient(port)) {
            client.send(RawHttpClient.get("app.test", "/download?bytes=" + size));
            InputStream in = client.input();
            assertThat(in.readNBytes(4096)).hasSize(4096);
        }

        List<JsonObject> lines = jsonLines();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).getInteger("status")).isEqualTo(200);
        assertThat(lines.get(0).getLong("bytes_sent")).isPositive().isLessThan(size);
    }

    @Test
    void theSettingsSayWhichFormatToOpenAndWhetherToOpenOne() {
        ProxySettings defaults = ProxySettings.from(AppSettings.DEFAULTS);
        assertThat(defaults.accessLogFormat()).contains(AccessLogFormat.COMBINED);
        assertThat(defaults.withAccessLog(new AccessLogSettings(true, "json")).accessLogFormat())
                .contains(AccessLogFormat.JSON);
        assertThat(defaults.withAccessLog(new AccessLogSettings(false, "json")).accessLogFormat()).isEmpty();
    }

    @Test
    void withoutAWriterNothingIsRecorded() throws Exception {
        try (ProxyFixture proxy = ProxyFixture.start(); RawHttpClient client = proxy.client()) {
            assertThat(client.exchange(RawHttpClient.get("nobody.test", "/")).status()).isEqualTo(404);
        }
        assertThat(dataRoot.resolve("log")).doesNotExist();
    }
}
