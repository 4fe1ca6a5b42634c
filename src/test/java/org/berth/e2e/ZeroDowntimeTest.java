package org.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.berth.app.AppManager;
import org.berth.app.AppState;
import org.berth.app.Operation;
import org.berth.config.BerthConfig;
import org.berth.config.ConfigLoader;
import org.berth.config.ListenerSpec;
import org.berth.naming.AppName;
import org.berth.process.ProcessRegistry;
import org.berth.process.Supervisor;
import org.berth.proxy.LocalTargets;
import org.berth.proxy.ProxyServer;
import org.berth.proxy.ProxySettings;
import org.berth.proxy.Tunnels;
import org.berth.route.InFlightRequests;
import org.berth.route.Router;
import org.berth.store.ReleaseHistory;
import org.berth.store.Store;
import org.berth.testing.BundleBuilder;
import org.berth.testing.LoadGenerator;
import org.berth.testing.LoadGeneratorPlan;
import org.berth.testing.LoadGeneratorReport;
import org.berth.testing.WebSocketEchoApp;
import org.berth.testing.WebSocketEchoClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys under load through berth's own proxy: not one request may fail while an app that takes
 * half a second to start is redeployed 20 times, and every answer comes from a version that was
 * live. Websockets survive other apps' redeploys and last until the drain timeout of their own.
 */
class ZeroDowntimeTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    Store store;
    ReleaseHistory releases;
    Supervisor supervisor;
    AppManager manager;
    ProxyServer proxy;
    int proxyPort;

    @BeforeEach
    void start() throws Exception {
        Path configFile = temp.resolve("berth.yaml");
        Files.writeString(configFile, """
                root: data
                listeners:
                  - host: 127.0.0.1
                    port: 45999
                apps:
                  port-range: 25500-25699
                  drain-timeout: 3s
                  stop-timeout: 3s
                """);
        BerthConfig config = new ConfigLoader(temp).load(configFile);
        store = Store.open(config.storeFile());
        releases = new ReleaseHistory(store);
        Router router = new Router();
        InFlightRequests inFlight = new InFlightRequests();
        Tunnels tunnels = new Tunnels();
        supervisor = new Supervisor(new ProcessRegistry(config.dataRoot().resolve("run")));
        manager = new AppManager(config, releases, router, inFlight, supervisor, tunnels::closeTo);
        ProxySettings settings = ProxySettings.from(config.apps()).withListeners(
                List.of(new ListenerSpec(config.apps().listeners().get(0).host(), 0, java.util.Optional.empty())));
        proxy = new ProxyServer(settings, router, inFlight, tunnels, LocalTargets.standard());
        proxyPort = ((InetSocketAddress) proxy.start().get(0)).getPort();
    }

    @AfterEach
    void stop() {
        proxy.close();
        manager.close();
        supervisor.close();
        store.close();
    }

    @Test
    void twentyRedeploysUnderLoadFailNotOneRequest() throws Exception {
        AppName app = AppName.parse("steady");
        deploy(app, slowStarting("v0", "steady.example.com"), "v0");
        awaitServing(app, 1);

        LoadGeneratorPlan plan = LoadGeneratorPlan.builder(proxyPort, "steady.example.com")
                .clients(6, 2)
                .mix(8, 1, 1)
                .paths("/", "/slow?ms=1000", "/")
                .uploadBytes(64 * 1024)
                .duration(Duration.ofSeconds(4))
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                .build();
        // The load runs in short slices until the last deploy is done, so it covers every switch
        // however long the deploys take on a slow machine. Each slice keeps its start on the test's clock.
        java.util.concurrent.atomic.AtomicBoolean deploying = new java.util.concurrent.atomic.AtomicBoolean(true);
        CompletableFuture<List<Slice>> load = CompletableFuture.supplyAsync(() -> {
            List<Slice> slices = new java.util.ArrayList<>();
            try {
                do {
                    long origin = System.nanoTime();
                    slices.add(new Slice(origin, LoadGenerator.run(plan)));
                } while (deploying.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return slices;
        });

        // When each version's deploy was submitted, and when it was seen serving: version v can have
        // answered a request only if it was submitted before the answer and v+1 was not yet serving.
        long[] submitted = new long[21];
        long[] serving = new long[21];
        for (int version = 1; version <= 20; version++) {
            submitted[version] = System.nanoTime();
            deploy(app, slowStarting("v" + version, "steady.example.com"), "v" + version);
            awaitServing(app, version + 1);
            serving[version] = System.nanoTime();
        }
        deploying.set(false);
        List<Slice> slices = load.get();
        LoadGeneratorReport report = new LoadGeneratorReport(slices.stream().flatMap(slice -> slice.report().outcomes().stream())
                .toList(), slices.stream().map(slice -> slice.report().elapsed()).reduce(Duration.ZERO, Duration::plus));

        assertThat(report.failures()).as(report.summary()).isEmpty();
        assertThat(report.total()).isGreaterThan(1000);
        assertThat(report.count(LoadGeneratorPlan.Kind.SLOW)).isGreaterThan(10);
        assertThat(report.count(LoadGeneratorPlan.Kind.UPLOAD)).isGreaterThan(10);
        List<String> live = java.util.stream.IntStream.rangeClosed(0, 20).mapToObj(i -> "v" + i).toList();
        assertThat(report.versions().keySet()).isSubsetOf(live).contains("v20").hasSizeGreaterThan(5);
        List<String> outOfTime = slices.stream().flatMap(slice -> slice.report().outcomes().stream()
                        .filter(outcome -> !answeredByALiveVersion(slice.origin(), outcome, submitted, serving))
                        .map(Object::toString))
                .toList();
        assertThat(outOfTime).as("answers from a version that was neither the old nor the new one at the time").isEmpty();
    }

    /** One slice of load and when it started on the test's clock. */
    private record Slice(long origin, LoadGeneratorReport report) {
    }

    /**
     * Whether the version that answered was live at some moment while the request was in flight:
     * not older than the newest version already seen serving when it was sent, not newer than the
     * newest version submitted by the time it was answered.
     */
    private static boolean answeredByALiveVersion(long origin, org.berth.testing.LoadGeneratorOutcome outcome,
            long[] submitted, long[] serving) {
        int version = Integer.parseInt(outcome.version().substring(1));
        long sent = origin + outcome.startedNanos();
        long answered = sent + outcome.latencyNanos();
        int oldest = 0;
        int newest = 0;
        for (int v = 1; v < submitted.length; v++) {
            if (serving[v] != 0 && serving[v] <= sent) {
                oldest = v;
            }
            if (submitted[v] != 0 && submitted[v] <= answered) {
                newest = v;
            }
        }
        return version >= oldest && version <= newest;
    }

    @Test
    void websocketsSurviveOtherAppsAndLastUntilTheirOwnDrainTimeout() throws Exception {
        AppName chat = AppName.parse("chat");
        AppName other = AppName.parse("other");
        deploy(chat, WebSocketEchoApp.bundle("c1", "chat.example.com", ""), "c1");
        deploy(other, BundleBuilder.versionApp("o1", "other.example.com", ""), "o1");
        // release ids are berth-wide, so each app's are compared with what it served before
        long chatRelease = awaitNewRelease(chat, 0);
        long otherRelease = awaitNewRelease(other, 0);

        try (WebSocketEchoClient session = WebSocketEchoClient.connect("127.0.0.1", proxyPort, "chat.example.com", "/",
                Duration.ofSeconds(5))) {
            assertThat(session.echo("before", Duration.ofSeconds(5))).isEqualTo("before");
            deploy(other, BundleBuilder.versionApp("o2", "other.example.com", ""), "o2");
            awaitNewRelease(other, otherRelease);
            assertThat(session.echo("while other redeploys", Duration.ofSeconds(5))).isEqualTo("while other redeploys");

            deploy(chat, WebSocketEchoApp.bundle("c2", "chat.example.com", ""), "c2");
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                    .until(() -> manager.status(chat).orElseThrow().release().orElse(0L) != chatRelease);
            // Seen just after the switch: the drain timeout (3 s) runs from about here.
            long switched = System.nanoTime();
            // the old release drains: the session keeps working until the drain timeout (3 s) closes it
            assertThat(session.echo("during the drain", Duration.ofSeconds(5))).isEqualTo("during the drain");
            await().atMost(Duration.ofSeconds(15)).until(() -> !session.isOpen());
            assertThat(Duration.ofNanos(System.nanoTime() - switched)).isGreaterThanOrEqualTo(Duration.ofMillis(2500));
        }
        try (WebSocketEchoClient fresh = WebSocketEchoClient.connect("127.0.0.1", proxyPort, "chat.example.com", "/",
                Duration.ofSeconds(5))) {
            assertThat(fresh.serverVersion()).hasValue("c2");
        }
    }

    @Test
    void aCrashedBackendAnswers502UntilItListensAgainAndNeverHangs() throws Exception {
        AppName app = AppName.parse("crashy");
        // Every start of this process serves for 2 s and then exits; the supervisor starts it again.
        deploy(app, BundleBuilder.versionApp("k1", "crashy.example.com", "      EXIT_AFTER_MS: \"2000\"\n"), "k1");
        awaitServing(app, 1);

        List<String> answers = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!String.join(" ", answers).matches(".*200.*502.*200.*") && System.nanoTime() < deadline) {
            long sent = System.nanoTime();
            int status = statusThroughProxy("crashy.example.com", Duration.ofSeconds(3));
            long millis = Duration.ofNanos(System.nanoTime() - sent).toMillis();
            assertThat(status).as("answer %d after %s (%d ms)", answers.size(), answers, millis).isIn(200, 502);
            assertThat(millis).as("a request to a crashed backend is answered at once").isLessThan(2000);
            answers.add(Integer.toString(status));
            Thread.sleep(50);
        }
        assertThat(String.join(" ", answers)).as("served, failed while down, served again once it listened")
                .matches(".*200.*502.*200.*");
    }

    /** One request through the proxy on a fresh connection; its status, or -1 when nothing came in time. */
    private int statusThroughProxy(String host, Duration timeout) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", proxyPort)) {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] head = socket.getInputStream().readNBytes(12);
            return head.length == 12 ? Integer.parseInt(new String(head, java.nio.charset.StandardCharsets.US_ASCII)
                    .substring(9, 12)) : -1;
        } catch (java.net.SocketTimeoutException silent) {
            return -1;
        }
    }

    private static BundleBuilder slowStarting(String version, String host) {
        return BundleBuilder.versionApp(version, host, "      START_DELAY_MS: \"500\"\n");
    }

    private void deploy(AppName app, BundleBuilder bundle, String name) throws IOException {
        Path file = bundle.writeTo(temp.resolve("uploads").resolve(app + "-" + name + ".keter"));
        manager.submit(app, new Operation.Deploy(file, "cli", "test"));
    }

    /** Waits until the app serves a release other than {@code previous}; returns it. */
    private long awaitNewRelease(AppName app, long previous) {
        await().atMost(WAIT).until(() -> manager.status(app)
                .filter(status -> status.state() == AppState.SERVING && status.activity().isEmpty()
                        && status.release().orElse(previous) != previous)
                .isPresent());
        return manager.status(app).orElseThrow().release().orElseThrow();
    }

    private void awaitServing(AppName app, long release) {
        try {
            await().atMost(WAIT).until(() -> manager.status(app)
                    .filter(status -> status.state() == AppState.SERVING && status.release().orElse(-1L) == release
                            && status.activity().isEmpty())
                    .isPresent());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(app + " did not serve release " + release + ": " + manager.status(app)
                    + "\n" + String.join("\n", manager.log(app).map(log -> log.tail(30)).orElse(List.of())), e);
        }
    }
}
