package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.berth.bundle.Ssl;
import org.berth.bundle.StaticFilesStanza;
import org.berth.route.RouteTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** static-files stanzas through the proxy: each stanza's own settings, and time bounds on downloads. */
class ProxyStaticFilesTest {
    private static final long BIG = 64L * 1024 * 1024;
    private static final long MEDIUM = 8L * 1024 * 1024;

    @TempDir
    Path root;

    private ProxyFixture proxy;

    @BeforeEach
    void files() throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/guide.txt"), "guide\n");
        try (RandomAccessFile big = new RandomAccessFile(root.resolve("big.bin").toFile(), "rw");
             RandomAccessFile medium = new RandomAccessFile(root.resolve("medium.bin").toFile(), "rw")) {
            big.setLength(BIG);
            medium.setLength(MEDIUM);
        }
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private StaticFilesStanza stanza(String host, boolean listing, Optional<Duration> timeBound) {
        return new StaticFilesStanza(root, List.of(host), listing, Ssl.OFF, false, List.of(), timeBound, 1);
    }

    private void route(StaticFilesStanza stanza) {
        proxy.route(stanza.hosts().get(0), new RouteTarget.StaticFiles(stanza.root(), stanza.directoryListing()), stanza);
    }

    private RawHttpClient.Response get(String host, String path) throws IOException {
        try (RawHttpClient client = proxy.client()) {
            return client.exchange(RawHttpClient.get(host, path));
        }
    }

    /**
     * Asks for big.bin, reads nothing for {@code pause}, then reads as fast as it can to the end: the
     * bytes that arrived, the head included. A small receive buffer keeps what can wait in the kernel small.
     */
    private long downloadAfter(String host, Duration pause) throws Exception {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", proxy.port), 5000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(RawHttpClient.get(host, "/big.bin", "Connection: close")
                    .getBytes(StandardCharsets.ISO_8859_1));
            Thread.sleep(pause.toMillis());
            return readToEnd(socket.getInputStream(), 0);
        }
    }

    private static long readToEnd(InputStream in, long pauseMillisPerRead) throws InterruptedException, IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (pauseMillisPerRead > 0) {
                    Thread.sleep(pauseMillisPerRead);
                }
            }
        } catch (SocketException reset) {
            // cut: what arrived before counts
        }
        return total;
    }

    @Test
    void twoStanzasOnOneRootKeepTheirOwnDirectoryListing() throws IOException {
        proxy = ProxyFixture.start();
        route(stanza("listed.test", true, Optional.empty()));
        route(stanza("unlisted.test", false, Optional.empty()));

        RawHttpClient.Response listing = get("listed.test", "/docs/");
        assertThat(listing.status()).isEqualTo(200);
        assertThat(listing.text()).contains("guide.txt");
        assertThat(get("unlisted.test", "/docs/").status()).isEqualTo(404);
        assertThat(get("unlisted.test", "/docs/guide.txt").text()).isEqualTo("guide\n");
    }

    @Test
    void aRedeployThatChangesDirectoryListingTakesEffect() throws IOException {
        proxy = ProxyFixture.start();
        route(stanza("site.test", false, Optional.empty()));
        assertThat(get("site.test", "/docs/").status()).isEqualTo(404);

        route(stanza("site.test", true, Optional.empty()));
        assertThat(get("site.test", "/docs/").status()).isEqualTo(200);

        route(stanza("site.test", false, Optional.empty()));
        assertThat(get("site.test", "/docs/").status()).isEqualTo(404);
    }

    @Test
    void aDownloadStillRunningAtTheStanzasTimeBoundIsCut() throws Exception {
        proxy = ProxyFixture.start();
        route(stanza("bounded.test", false, Optional.of(Duration.ofMillis(400))));
        route(stanza("free.test", false, Optional.of(Duration.ZERO)));

        assertThat(downloadAfter("bounded.test", Duration.ofMillis(1200))).isLessThan(BIG);
        // The same slow client without a bound gets all of it.
        assertThat(downloadAfter("free.test", Duration.ofMillis(1200))).isGreaterThan(BIG);
    }

    @Test
    void withoutItsOwnBoundAStaticDownloadHasTheGlobalOne() throws Exception {
        proxy = ProxyFixture.start(settings -> settings.withTimeouts(settings.connectTimeout(), settings.idleTimeout(),
                Optional.of(Duration.ofMillis(400))));
        route(stanza("site.test", false, Optional.empty()));

        assertThat(downloadAfter("site.test", Duration.ofMillis(1200))).isLessThan(BIG);
    }

    @Test
    void aClientThatStopsReadingAStaticFileIsIdleAfterAtMostTwoIdleTimeouts() throws Exception {
        proxy = ProxyFixture.start(settings -> settings.withTimeouts(settings.connectTimeout(), Duration.ofMillis(300),
                Optional.empty()));
        route(stanza("site.test", false, Optional.empty()));

        long start = System.nanoTime();
        assertThat(downloadAfter("site.test", Duration.ofMillis(1500))).isLessThan(BIG);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aSlowDownloadThatKeepsMovingOutlastsTheIdleTimeout() throws Exception {
        proxy = ProxyFixture.start(settings -> settings.withTimeouts(settings.connectTimeout(), Duration.ofMillis(300),
                Optional.empty()));
        route(stanza("site.test", false, Optional.empty()));
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", proxy.port), 5000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(RawHttpClient.get("site.test", "/medium.bin", "Connection: close")
                    .getBytes(StandardCharsets.ISO_8859_1));
            long start = System.nanoTime();
            // About 6 MB/s at most: several idle timeouts' worth of a download that never stops moving.
            long total = readToEnd(socket.getInputStream(), 10);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(900));
            assertThat(total).isGreaterThan(MEDIUM);
        }
    }
}
