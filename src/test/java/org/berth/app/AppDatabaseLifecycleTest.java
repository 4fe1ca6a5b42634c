package org.berth.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.berth.config.BerthConfig;
import org.berth.config.ConfigLoader;
import org.berth.naming.AppName;
import org.berth.plugin.postgres.AppDatabase;
import org.berth.plugin.postgres.DatabaseNames;
import org.berth.process.ProcessRegistry;
import org.berth.process.Supervisor;
import org.berth.route.InFlightRequests;
import org.berth.route.RouteTarget;
import org.berth.route.Router;
import org.berth.store.DeploymentRecord;
import org.berth.store.ReleaseHistory;
import org.berth.store.Store;
import org.berth.testing.BundleBuilder;
import org.berth.testing.DatabaseApp;
import org.berth.testing.FreePorts;
import org.berth.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Apps with a PostgreSQL database, on a real cluster, with real app processes that know only their
 * environment: the first deploy creates the database, later ones keep its data, removal keeps or
 * drops it, odd app names work, a server that is down or refuses berth fails the deploy while the
 * serving release goes on. No password may appear in any log line, berth's or the app's.
 */
class AppDatabaseLifecycleTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String ADMIN = "berth_admin";
    static final String ADMIN_PASSWORD = "admin-pw-Xq9";

    static PostgresCluster cluster;

    @TempDir
    Path temp;

    Store store;
    ReleaseHistory releases;
    Router router;
    Supervisor supervisor;
    AppManager manager;
    final HttpClient http = HttpClient.newHttpClient();
    final ListAppender<ILoggingEvent> logLines = new ListAppender<>();
    Level berthLevel;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = PostgresCluster.start();
        // What the docs recommend: an admin that may create roles and databases, and no superuser.
        cluster.createAdmin(ADMIN, ADMIN_PASSWORD);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Every berth log line, down to DEBUG, is kept to be searched for passwords. */
    @BeforeEach
    void captureLogs() {
        Logger berth = (Logger) LoggerFactory.getLogger("org.berth");
        berthLevel = berth.getLevel();
        berth.setLevel(Level.DEBUG);
        logLines.start();
        berth.addAppender(logLines);
    }

    @AfterEach
    void stop() {
        if (manager != null) {
            manager.close();
            supervisor.close();
            store.close();
        }
        Logger berth = (Logger) LoggerFactory.getLogger("org.berth");
        berth.detachAppender(logLines);
        berth.setLevel(berthLevel);
    }

    @Test
    void anAppConnectsWithItsVariablesAndKeepsItsDataAcrossARedeploy() throws Exception {
        startManager(cluster.port());
        AppName app = AppName.parse("shop");
        deploy(app, DatabaseApp.bundle("v1", "shop.example.com", "plugins:\n  postgres: true\n"));
        awaitServing(app, 1);
        String name = DatabaseNames.forApp("shop");
        int v1 = port("shop.example.com");
        for (String via : List.of("jdbc", "url", "pg", "pgpass", "psql")) {
            assertThat(get(v1, "/whoami?" + via)).as("connecting via " + via).isEqualTo(name + "@" + name);
        }
        assertThat(get(v1, "/put?first%20row")).isEqualTo("stored");

        deploy(app, DatabaseApp.bundle("v2", "shop.example.com", "plugins:\n  postgres: true\n"));
        awaitServing(app, 2);
        int v2 = port("shop.example.com");
        assertThat(v2).isNotEqualTo(v1);
        assertThat(get(v2, "/")).isEqualTo("v2");
        assertThat(get(v2, "/get")).isEqualTo("first row");
        assertThat(get(v2, "/whoami?psql")).isEqualTo(name + "@" + name);

        AppDatabase database = manager.database(app).orElseThrow();
        assertThat(database.credentials().role()).isEqualTo(name);
        assertThat(manager.log(app).orElseThrow().tail(100))
                .anyMatch(line -> line.contains("created role and database " + name + " on PostgreSQL server 'main'"))
                .anyMatch(line -> line.contains("reusing role and database " + name));
        assertNoPasswordAnywhere(database.credentials().password());
    }

    @Test
    void removalKeepsTheDatabaseUnlessAskedToDropItAndTheLegacyFormatWorksToo() throws Exception {
        startManager(cluster.port());
        AppName app = AppName.parse("legacy");
        BundleBuilder legacy = DatabaseApp.bundle("v1", "x", "").config("""
                exec: ../bin/app
                host: legacy.example.com
                postgres: true
                """);
        deploy(app, legacy);
        awaitServing(app, 1);
        assertThat(get(port("legacy.example.com"), "/put?kept")).isEqualTo("stored");
        String name = DatabaseNames.forApp("legacy");
        String password = manager.database(app).orElseThrow().credentials().password();

        awaitDone(app, manager.submit(app, new Operation.Remove("cli", "test")));
        assertThat(cluster.databaseExists(name)).isTrue();
        assertThat(manager.database(app)).as("berth app db still answers").isPresent();

        deploy(app, legacy.file("unchanged-but-new", "2", 0644));
        awaitServing(app, 2);
        assertThat(get(port("legacy.example.com"), "/get")).isEqualTo("kept");

        OperationResult removal = awaitDone(app, manager.submit(app, new Operation.Remove("cli", "test", true)));
        assertThat(removal.outcome()).isEqualTo("succeeded");
        assertThat(removal.message()).isEqualTo("legacy removed: hosts released, processes stopped; dropped database "
                + "and role " + name + " on PostgreSQL server 'main' (127.0.0.1:" + cluster.port() + ")");
        assertThat(cluster.databaseExists(name)).isFalse();
        assertThat(cluster.roleExists(name)).isFalse();
        assertThat(manager.database(app)).isEmpty();
        assertNoPasswordAnywhere(password);
    }

    @Test
    void anAppNameFullOfOddCharactersStillGetsAWorkingDatabase() throws Exception {
        startManager(cluster.port());
        String raw = "0-odd.name_with-dots.dashes_and-a-long-tail-to-be-cut.987654321";
        assertThat(raw).hasSize(63);
        AppName app = AppName.parse(raw);
        deploy(app, DatabaseApp.bundle("v1", "odd.example.com", "plugins:\n  postgres: true\n"));
        awaitServing(app, 1);

        String name = DatabaseNames.forApp(raw);
        assertThat(name).startsWith("berth_0_odd_name_with_dots_dashes_and_a_long_tail_").hasSizeLessThanOrEqualTo(63);
        int port = port("odd.example.com");
        assertThat(get(port, "/whoami?psql")).isEqualTo(name + "@" + name);
        assertThat(get(port, "/whoami?url")).isEqualTo(name + "@" + name);
        assertThat(get(port, "/put?odd")).isEqualTo("stored");
        assertNoPasswordAnywhere(manager.database(app).orElseThrow().credentials().password());
    }

    @Test
    void aServerThatIsDownFailsTheDeployAndTheOldReleaseKeepsServing() throws Exception {
        int deadPort = FreePorts.next();
        startManager(deadPort);
        AppName app = AppName.parse("down");
        deploy(app, DatabaseApp.bundle("v1", "down.example.com", ""));
        awaitServing(app, 1);
        int v1 = port("down.example.com");

        OperationResult failed = awaitDone(app, deploy(app, DatabaseApp.bundle("v2", "down.example.com",
                "plugins:\n  postgres: true\n")));
        assertThat(failed.outcome()).isEqualTo("failed");
        assertThat(failed.message()).isEqualTo("release 2 failed: PostgreSQL server 'main' (127.0.0.1:" + deadPort + ") is "
                + "not reachable: connection refused (is PostgreSQL running and listening on 127.0.0.1:" + deadPort
                + "?); release 1 keeps serving");
        assertThat(lastDeployment(app).outcome()).isEqualTo("failed");
        assertThat(port("down.example.com")).isEqualTo(v1);
        assertThat(get(v1, "/")).isEqualTo("v1");
        assertThat(manager.status(app).orElseThrow().state()).isEqualTo(AppState.SERVING);
        assertThat(manager.database(app)).isEmpty();
    }

    @Test
    void aRefusedAdminLoginFailsTheDeployWhileTheServingReleaseKeepsItsDatabase() throws Exception {
        startManager(cluster.port());
        AppName app = AppName.parse("refused");
        deploy(app, DatabaseApp.bundle("v1", "refused.example.com", "plugins:\n  postgres: true\n"));
        awaitServing(app, 1);
        int v1 = port("refused.example.com");
        assertThat(get(v1, "/put?before")).isEqualTo("stored");

        cluster.setPassword(ADMIN, "changed-behind-berths-back");
        try {
            OperationResult failed = awaitDone(app, deploy(app, DatabaseApp.bundle("v2", "refused.example.com",
                    "plugins:\n  postgres: true\n")));
            assertThat(failed.outcome()).isEqualTo("failed");
            assertThat(failed.message()).isEqualTo("release 2 failed: PostgreSQL server 'main' (127.0.0.1:" + cluster.port()
                    + ") refused the admin login as " + ADMIN + ": password authentication failed for user \"" + ADMIN
                    + "\"; release 1 keeps serving");
        } finally {
            cluster.setPassword(ADMIN, ADMIN_PASSWORD);
        }
        assertThat(port("refused.example.com")).isEqualTo(v1);
        assertThat(get(v1, "/get")).isEqualTo("before");
        assertNoPasswordAnywhere(manager.database(app).orElseThrow().credentials().password());
    }

    // ---- helpers -----------------------------------------------------------------------

    private void startManager(int postgresPort) throws Exception {
        Path passwordFile = temp.resolve("pg-admin");
        Files.writeString(passwordFile, ADMIN_PASSWORD + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        Path configFile = temp.resolve("berth.yaml");
        Files.writeString(configFile, """
                root: data
                apps:
                  port-range: 25700-25799
                  drain-timeout: 1s
                  stop-timeout: 3s
                postgres:
                  servers:
                    main: {host: 127.0.0.1, port: %d, user: %s, password-file: pg-admin, connect-timeout: 5s}
                """.formatted(postgresPort, ADMIN));
        BerthConfig config = new ConfigLoader(temp).load(configFile);
        assertThat(config.warnings()).isEmpty();
        store = Store.open(config.storeFile());
        releases = new ReleaseHistory(store);
        router = new Router();
        supervisor = new Supervisor(new ProcessRegistry(config.dataRoot().resolve("run")));
        manager = new AppManager(config, releases, router, new InFlightRequests(), supervisor);
    }

    private long deploy(AppName app, BundleBuilder bundle) throws IOException {
        Path file = bundle.writeTo(temp.resolve("uploads").resolve(app + "-" + System.nanoTime() + ".keter"));
        return manager.submit(app, new Operation.Deploy(file, "cli", "test"));
    }

    private void awaitServing(AppName app, long release) {
        await().atMost(WAIT).until(() -> manager.status(app)
                .filter(status -> status.state() == AppState.SERVING && status.release().orElse(-1L) == release
                        && status.activity().isEmpty())
                .isPresent() || lastDeploymentFailed(app));
        assertThat(lastDeployment(app).outcome()).as(lastDeployment(app).message()).isEqualTo("serving");
    }

    private boolean lastDeploymentFailed(AppName app) {
        return releases.deployments(app.value(), 1).stream().anyMatch(deployment -> deployment.outcome().equals("failed"));
    }

    private DeploymentRecord lastDeployment(AppName app) {
        return releases.deployments(app.value(), 1).get(0);
    }

    private OperationResult awaitDone(AppName app, long operation) {
        await().atMost(WAIT).until(() -> manager.operation(app, operation).filter(OperationResult::isDone).isPresent());
        return manager.operation(app, operation).orElseThrow();
    }

    private int port(String host) {
        return ((RouteTarget.Backend) router.table().lookup(host).orElseThrow().target()).port();
    }

    private String get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** berth's log lines (with their exceptions), every file under the data root's log/, the deployments' messages. */
    private void assertNoPasswordAnywhere(String password) throws IOException {
        assertThat(password).matches("[A-Za-z0-9_-]{43}");
        List<String> texts = new ArrayList<>();
        for (ILoggingEvent event : logLines.list) {
            texts.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                texts.add(event.getThrowableProxy().getMessage());
            }
        }
        assertThat(logLines.list).as("berth logged what it did").isNotEmpty();
        try (Stream<Path> files = Files.walk(temp.resolve("data/log"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                texts.add(Files.readString(file));
            }
        }
        manager.list().forEach(status -> releases.deployments(status.name(), 50)
                .forEach(deployment -> texts.add(deployment.message())));
        assertThat(texts).noneMatch(text -> text != null && text.contains(password));
    }
}
