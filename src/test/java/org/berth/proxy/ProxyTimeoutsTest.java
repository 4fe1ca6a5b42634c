package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.berth.bundle.Ssl;
import org.berth.bundle.WebAppStanza;
import org.berth.config.AppSettings;
import org.berth.config.AppSettingsReader;
import org.berth.config.ConfigException;
import org.berth.config.ConfigReport;
import org.berth.config.YamlDocument;
import org.berth.route.RouteTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy's timeouts as the config file sets them: connect and idle (apps:), and the request time bounds. */
class ProxyTimeoutsTest {
    @TempDir
    Path dir;

    private ProxyFixture proxy;
    private final List<SocketChannel> queued = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        for (SocketChannel channel : queued) {
            channel.close();
        }
    }

    private AppSettings settings(String yaml) throws ConfigException {
        ConfigReport report = new ConfigReport();
        AppSettings settings = AppSettingsReader.read(YamlDocument.parse(dir.resolve("berth.yaml"), yaml, report), dir);
        assertThat(report.errors()).isEmpty();
        return settings;
    }

    /**
     * A listener that never completes a connect: its accept queue (one entry) is full, and Linux then
     * drops further SYNs, so a connect waits for its own timeout, as to a backend that is overloaded or
     * behind a firewall that drops. Checked before use, so a kernel that answers otherwise fails here.
     */
    private ServerSocket listenerThatNeverConnects() throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int i = 0; i < 4; i++) {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.connect(server.getLocalSocketAddress());
            queued.add(channel);
        }
        try (Socket probe = new Socket()) {
            assertThatThrownBy(() -> probe.connect(server.getLocalSocketAddress(), 300))
                    .isInstanceOf(SocketTimeoutException.class);
        }
        return server;
    }

    private static WebAppStanza webapp(String host, Optional<Duration> timeBound) {
        return new WebAppStanza(Path.of("/bin/true"), List.of(), Map.of(), List.of(), List.of(host), Ssl.OFF, false,
                timeBound, WebAppStanza.DEFAULT_ENSURE_ALIVE, List.of(), List.of(), Optional.empty(), Optional.empty(), 1);
    }

    private record Timed(int status, Duration took) {
    }

    private Timed get(String host, String path) throws IOException {
        try (RawHttpClient client = proxy.client()) {
            long start = System.nanoTime();
            int status = client.exchange(RawHttpClient.get(host, path)).status();
            return new Timed(status, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    @Test
    void theConnectTimeoutOfTheAppsBlockBoundsAConnectThatNeverCompletes() throws Exception {
        proxy = ProxyFixture.start(settings("apps:\n  connect-timeout: 300ms\n"));
        try (ServerSocket silent = listenerThatNeverConnects()) {
            proxy.route("app.test", new RouteTarget.Backend("127.0.0.1", silent.getLocalPort()));
            Timed answer = get("app.test", "/");
            assertThat(answer.status()).isEqualTo(502);
            // Well before the 5 s default.
            assertThat(answer.took()).isBetween(Duration.ofMillis(250), Duration.ofMillis(2500));
        }
    }

    @Test
    void theIdleTimeoutOfTheAppsBlockClosesAQuietConnection() throws Exception {
        proxy = ProxyFixture.start(settings("apps:\n  idle-timeout: 400ms\n"));
        try (RawHttpClient client = proxy.client()) {
            long start = System.nanoTime();
            assertThat(client.closedByPeer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(350), Duration.ofSeconds(3));
        }
    }

    @Test
    void aStanzasConnectionTimeBoundWinsOverTheGlobalOneEitherWay() throws Exception {
        // Keter's global key, in its milliseconds.
        proxy = ProxyFixture.start(settings("connection-time-bound: 800\n"));
        try (HttpBackend backend = new HttpBackend("slow")) {
            proxy.route("patient.test", backend.target(), webapp("patient.test", Optional.of(Duration.ofSeconds(10))));
            proxy.route("unbounded.test", backend.target(), webapp("unbounded.test", Optional.of(Duration.ZERO)));
            proxy.route("hasty.test", backend.target(), webapp("hasty.test", Optional.of(Duration.ofMillis(200))));
            proxy.route("global.test", backend.target(), webapp("global.test", Optional.empty()));

            assertThat(get("patient.test", "/slow?ms=1200").status()).isEqualTo(200);
            assertThat(get("unbounded.test", "/slow?ms=1200").status()).isEqualTo(200);
            Timed hasty = get("hasty.test", "/slow?ms=700");
            assertThat(hasty.status()).isEqualTo(502);
            assertThat(hasty.took()).isLessThan(Duration.ofMillis(650));
            Timed global = get("global.test", "/slow?ms=1500");
            assertThat(global.status()).isEqualTo(502);
            assertThat(global.took()).isBetween(Duration.ofMillis(750), Duration.ofMillis(1450));
        }
    }
}
