package org.berth.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.berth.config.BerthConfig;
import org.berth.config.ConfigLoader;
import org.berth.naming.AppName;
import org.berth.process.ProcessRegistry;
import org.berth.process.ProcessSnapshot;
import org.berth.process.Supervisor;
import org.berth.route.InFlightRequests;
import org.berth.route.RouteTarget;
import org.berth.route.Router;
import org.berth.store.DeploymentRecord;
import org.berth.store.ReleaseHistory;
import org.berth.store.Store;
import org.berth.testing.BundleBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app lifecycle with real processes: deploy, reload, failed reloads, crashes, restart, rollback, removal. */
class AppLifecycleTest {
    static final AppName APP = AppName.parse("hello");
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    Store store;
    ReleaseHistory releases;
    Router router;
    Supervisor supervisor;
    AppManager manager;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        Path configFile = temp.resolve("berth.yaml");
        Files.writeString(configFile, """
                root: data
                apps:
                  port-range: 25100-25199
                  drain-timeout: 2s
                  stop-timeout: 3s
                  keep-releases: 2
                """);
        BerthConfig config = new ConfigLoader(temp).load(configFile);
        store = Store.open(config.storeFile());
        releases = new ReleaseHistory(store);
        router = new Router();
        supervisor = new Supervisor(new ProcessRegistry(config.dataRoot().resolve("run")));
        manager = new AppManager(config, releases, router, new InFlightRequests(), supervisor);
    }

    @AfterEach
    void stop() {
        manager.close();
        supervisor.close();
        store.close();
    }

    @Test
    void deployThenReloadSwitchesToTheNewVersionAndStopsTheOld() throws Exception {
        deploy(BundleBuilder.versionApp("v1", "hello.example.com", ""), "v1");
        AppStatus v1 = awaitServing(1);
        assertThat(get(port("hello.example.com"), "/")).isEqualTo("v1");
        long v1Pid = v1.processes().get(0).pid().getAsLong();

        deploy(BundleBuilder.versionApp("v2", "hello.example.com", ""), "v2");
        AppStatus v2 = awaitServing(2);
        assertThat(get(port("hello.example.com"), "/")).isEqualTo("v2");
        await().atMost(WAIT).until(() -> !alive(v1Pid));
        assertThat(v2.hosts()).containsExactly("hello.example.com");
        assertThat(releases.deployments(APP.value(), 5)).extracting(DeploymentRecord::outcome)
                .containsExactly("serving", "replaced");
        // PORT and APPROOT as Keter sets them
        assertThat(get(port("hello.example.com"), "/env?APPROOT")).isEqualTo("http://hello.example.com");
        assertThat(get(port("hello.example.com"), "/env?PORT")).isEqualTo(String.valueOf(port("hello.example.com")));
    }

    @Test
    void aReleaseThatNeverBecomesReadyLeavesTheOldOneServing() throws Exception {
        deploy(BundleBuilder.versionApp("v1", "hello.example.com", ""), "v1");
        awaitServing(1);
        int v1Port = port("hello.example.com");

        deploy(BundleBuilder.versionApp("v2", "hello.example.com", """
                      HEALTH_STATUS: "503"
                    health-check:
                      path: /health
                      start-timeout: 1500ms
                      interval: 50ms
                """), "v2-broken");
        DeploymentRecord failed = awaitDeployment(2, "failed");
        assertThat(failed.message()).contains("did not become ready").contains("answered 503, expected 200");
        assertThat(port("hello.example.com")).isEqualTo(v1Port);
        assertThat(get(v1Port, "/")).isEqualTo("v1");
        assertThat(manager.status(APP).orElseThrow().state()).isEqualTo(AppState.SERVING);
        assertThat(manager.status(APP).orElseThrow().release()).hasValue(1L);
    }

    @Test
    void anAppThatCrashesAtOnceFailsItsFirstDeployWithTheReason() throws Exception {
        deploy(BundleBuilder.versionApp("v1", "hello.example.com", "      EXIT_AT_ONCE: \"1\"\n"), "crash");
        DeploymentRecord failed = awaitDeployment(1, "failed");
        assertThat(failed.message()).contains("exited before it was ready");
        assertThat(manager.status(APP).orElseThrow().state()).isEqualTo(AppState.FAILED);
        assertThat(router.table().lookup("hello.example.com")).isEmpty();
    }

    @Test
    void aServingAppThatKeepsCrashingBacksOffWithGrowingDelays() throws Exception {
        List<AppEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        manager.listen(events::add);
        deploy(BundleBuilder.versionApp("v1", "hello.example.com", "      EXIT_AFTER_MS: \"300\"\n"), "v1");
        awaitServing(1);
        await().atMost(WAIT).until(() -> manager.status(APP).orElseThrow().state() == AppState.CRASH_LOOPING);
        // Let it go round the loop a few more times: the event is once per loop, not once per exit.
        await().atMost(WAIT).until(() -> manager.status(APP).orElseThrow().processes().get(0).restarts() >= 3);
        ProcessSnapshot process = manager.status(APP).orElseThrow().processes().get(0);
        assertThat(process.restarts()).isGreaterThanOrEqualTo(2);
        List<String> log = manager.log(APP).orElseThrow().tail(200);
        assertThat(log).anyMatch(line -> line.contains("crash-looping"));
        List<AppEvent> loops = events.stream().filter(event -> event.type() == AppEvent.Type.CRASH_LOOP).toList();
        assertThat(loops).hasSize(1);
        assertThat(loops.get(0).app()).isEqualTo(APP.value());
        assertThat(loops.get(0).release()).isEqualTo(1);
        assertThat(loops.get(0).trigger()).isEqualTo("supervisor");
        assertThat(events.stream().map(AppEvent::type).toList())
                .startsWith(AppEvent.Type.DEPLOY_STARTED, AppEvent.Type.DEPLOY_SUCCEEDED);
    }

    @Test
    void restartRollbackAndRemove() throws Exception {
        deploy(BundleBuilder.versionApp("v1", "hello.example.com", ""), "v1");
        awaitServing(1);
        deploy(BundleBuilder.versionApp("v2", "hello.example.com", ""), "v2");
        awaitServing(2);

        manager.submit(APP, new Operation.Rollback(0, "cli", "test"));
        awaitServing(1);
        assertThat(get(port("hello.example.com"), "/")).isEqualTo("v1");

        long before = manager.status(APP).orElseThrow().processes().get(0).pid().getAsLong();
        manager.submit(APP, new Operation.Restart(OptionalInt.empty(), "cli", "test"));
        await().atMost(WAIT).until(() -> releases.deployments(APP.value(), 1).get(0).trigger().equals("cli")
                && releases.deployments(APP.value(), 1).get(0).outcome().equals("serving")
                && releases.deployments(APP.value(), 5).size() == 4);
        long after = manager.status(APP).orElseThrow().processes().get(0).pid().getAsLong();
        assertThat(after).isNotEqualTo(before);
        await().atMost(WAIT).until(() -> !alive(before));

        manager.submit(APP, new Operation.Remove("cli", "test"));
        await().atMost(WAIT).until(() -> manager.status(APP).isEmpty());
        assertThat(router.table().lookup("hello.example.com")).isEmpty();
        await().atMost(WAIT).until(() -> !alive(after));
    }

    @Test
    void aShellScriptAppWhoseChildIgnoresTermIsFullyGoneAfterRemoval() throws Exception {
        Path childPid = temp.resolve("child.pid");
        BundleBuilder bundle = BundleBuilder.versionApp("v1", "hello.example.com", "")
                .file("bin/app", BundleBuilder.launcher("(trap '' TERM; exec sleep 1000) &\necho $! > " + childPid), 0755);
        deploy(bundle, "v1");
        awaitServing(1);
        long child = Long.parseLong(Files.readString(childPid).strip());
        assertThat(alive(child)).isTrue();
        manager.submit(APP, new Operation.Remove("cli", "test"));
        await().atMost(WAIT).until(() -> !alive(child));
    }

    @Test
    void aBundleWithAnEscapingLinkIsRefusedAndNothingRuns() throws Exception {
        Path marker = temp.resolve("ran");
        BundleBuilder bundle = BundleBuilder.versionApp("v1", "hello.example.com", "")
                .file("bin/app", "#!/bin/sh\ntouch " + marker + "\n", 0755)
                .file("../escape", "x", 0644);
        deploy(bundle, "hostile");
        DeploymentRecord failed = awaitDeployment(1, "failed");
        assertThat(failed.message()).startsWith("bundle refused:");
        assertThat(marker).doesNotExist();
        assertThat(temp.resolve("escape")).doesNotExist();
    }

    // ---- helpers -----------------------------------------------------------------------

    private void deploy(BundleBuilder bundle, String name) throws IOException {
        Path file = bundle.writeTo(temp.resolve("uploads").resolve(name + ".keter"));
        manager.submit(APP, new Operation.Deploy(file, "cli", "test"));
    }

    private AppStatus awaitServing(long release) {
        await().atMost(WAIT).until(() -> manager.status(APP)
                .filter(status -> status.state() == AppState.SERVING && status.release().orElse(-1L) == release
                        && status.activity().isEmpty())
                .isPresent());
        return manager.status(APP).orElseThrow();
    }

    private DeploymentRecord awaitDeployment(long release, String outcome) {
        await().atMost(WAIT).until(() -> releases.deployments(APP.value(), 10).stream()
                .anyMatch(deployment -> deployment.releaseId() == release && deployment.outcome().equals(outcome)));
        return releases.deployments(APP.value(), 10).stream()
                .filter(deployment -> deployment.releaseId() == release && deployment.outcome().equals(outcome))
                .findFirst().orElseThrow();
    }

    private int port(String host) {
        return ((RouteTarget.Backend) router.table().lookup(host).orElseThrow().target()).port();
    }

    private String get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }
}
