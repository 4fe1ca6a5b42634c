package org.berth.plugin.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.berth.bundle.Plugins;
import org.berth.bundle.PostgresServerRef;
import org.berth.config.PostgresServer;
import org.berth.config.PostgresSettings;
import org.berth.store.CredentialStore;
import org.berth.store.DatabaseCredentials;
import org.berth.store.Store;
import org.berth.testing.FreePorts;
import org.berth.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Creating, reusing and dropping apps' databases on a real PostgreSQL cluster. */
class AppDatabasesTest {
    static final Plugins WANTS_DATABASE = new Plugins(true, List.of());

    static PostgresCluster cluster;

    @TempDir
    Path temp;

    Store store;
    CredentialStore credentials;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = PostgresCluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void openStore() {
        store = Store.open(temp.resolve("berth.db"));
        credentials = new CredentialStore(store);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void theFirstDeployCreatesRoleAndDatabaseAndLaterOnesReuseThem() throws Exception {
        AppDatabases databases = databases(main());

        AppDatabases.Prepared first = databases.prepare("shop", WANTS_DATABASE, false).orElseThrow();
        String name = DatabaseNames.forApp("shop");
        assertThat(first.note()).isEqualTo("created role and database " + name + " on PostgreSQL server 'main' (127.0.0.1:"
                + cluster.port() + ")");
        Map<String, String> variables = first.variables();
        assertThat(variables).containsEntry("PGHOST", "127.0.0.1").containsEntry("PGPORT", String.valueOf(cluster.port()))
                .containsEntry("PGUSER", name).containsEntry("PGDATABASE", name);
        String password = variables.get("PGPASSWORD");
        assertThat(password).matches("[A-Za-z0-9_-]{43}");
        assertThat(variables.get("PGPASS")).isEqualTo(password);
        assertThat(variables.get("DATABASE_URL")).isEqualTo("postgresql://" + name + ":" + password + "@127.0.0.1:"
                + cluster.port() + "/" + name);
        assertThat(cluster.roleExists(name)).isTrue();
        assertThat(cluster.databaseExists(name)).isTrue();

        try (Connection app = cluster.connect(name, password, name); Statement statement = app.createStatement()) {
            statement.execute("CREATE TABLE kept (value text)");
            statement.execute("INSERT INTO kept VALUES ('still here')");
        }

        AppDatabases.Prepared second = databases.prepare("shop", WANTS_DATABASE, false).orElseThrow();
        assertThat(second.note()).startsWith("reusing role and database " + name);
        assertThat(second.variables()).isEqualTo(variables);
        try (Connection app = cluster.connect(name, password, name); Statement statement = app.createStatement();
             var row = statement.executeQuery("SELECT value FROM kept")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("still here");
        }
        assertThat(credentials.find("shop")).get().extracting(DatabaseCredentials::password).isEqualTo(password);
        assertThat(first.toString()).doesNotContain(password);
        assertThat(credentials.find("shop").orElseThrow().toString()).doesNotContain(password).contains("********");
    }

    @Test
    void aBundleWithoutThePluginGetsNothingAndNoConnectionIsMade() throws Exception {
        AppDatabases databases = databases(unreachable());
        assertThat(databases.prepare("plain", Plugins.NONE, false)).isEmpty();
        assertThat(credentials.find("plain")).isEmpty();
    }

    @Test
    void anAppsRoleCannotConnectToAnotherAppsDatabase() throws Exception {
        AppDatabases databases = databases(main());
        Map<String, String> one = databases.prepare("one", WANTS_DATABASE, false).orElseThrow().variables();
        Map<String, String> two = databases.prepare("two", WANTS_DATABASE, false).orElseThrow().variables();

        assertThatThrownBy(() -> cluster.connect(one.get("PGUSER"), one.get("PGPASSWORD"), two.get("PGDATABASE")).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied for database");
    }

    @Test
    void anAdminThatIsNoSuperuserCanCreateAndDrop() throws Exception {
        cluster.createAdmin("berth_admin", "admin-secret-1");
        AppDatabases databases = databases(server("main", cluster.port(), "berth_admin", "admin-secret-1"));

        Map<String, String> variables = databases.prepare("limited", WANTS_DATABASE, false).orElseThrow().variables();
        try (Connection app = cluster.connect(variables.get("PGUSER"), variables.get("PGPASSWORD"), variables.get("PGDATABASE"));
             Statement statement = app.createStatement()) {
            statement.execute("CREATE TABLE t (x int)");
        }
        assertThat(databases.drop("limited")).startsWith("dropped database and role " + variables.get("PGDATABASE"));
        assertThat(cluster.databaseExists(variables.get("PGDATABASE"))).isFalse();
        assertThat(cluster.roleExists(variables.get("PGUSER"))).isFalse();
    }

    @Test
    void droppingRemovesRoleDatabaseAndCredentials() throws Exception {
        AppDatabases databases = databases(main());
        String name = databases.prepare("gone", WANTS_DATABASE, false).orElseThrow().variables().get("PGDATABASE");

        databases.checkDroppable("gone");
        assertThat(databases.drop("gone")).isEqualTo("dropped database and role " + name + " on PostgreSQL server 'main' "
                + "(127.0.0.1:" + cluster.port() + ")");

        assertThat(cluster.roleExists(name)).isFalse();
        assertThat(cluster.databaseExists(name)).isFalse();
        assertThat(credentials.find("gone")).isEmpty();
        assertThat(databases.describe("gone")).isEmpty();
        assertThat(databases.drop("gone")).isEqualTo("it had no database to drop");
    }

    @Test
    void identifiersAreQuotedWhateverTheyHold() throws Exception {
        String hostile = "we\"ird'; DROP ROLE postgres; --x";
        try (AdminConnection admin = AdminConnection.open(main())) {
            admin.createRole(hostile, "pw-" + hostile);
            admin.createDatabase(hostile, hostile);
            assertThat(admin.roleExists(hostile)).isTrue();
            assertThat(admin.databaseExists(hostile)).isTrue();
        }
        try (Connection app = cluster.connect(hostile, "pw-" + hostile, hostile); Statement statement = app.createStatement();
             var row = statement.executeQuery("SELECT current_user")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo(hostile);
        }
        try (AdminConnection admin = AdminConnection.open(main())) {
            admin.dropDatabase(hostile);
            admin.dropRole(hostile);
        }
        assertThat(cluster.roleExists(hostile)).isFalse();
        assertThat(cluster.roleExists("postgres")).isTrue();
    }

    @Test
    void aServerThatIsDownIsNamedWithTheReason() throws Exception {
        PostgresServer down = unreachable();
        AppDatabases databases = databases(down);

        assertThatThrownBy(() -> databases.prepare("shop", WANTS_DATABASE, false))
                .isInstanceOf(DatabaseException.class)
                .hasMessage("PostgreSQL server 'main' (127.0.0.1:" + down.port() + ") is not reachable: connection refused "
                        + "(is PostgreSQL running and listening on 127.0.0.1:" + down.port() + "?)");
        assertThat(credentials.find("shop")).as("nothing recorded for a database never made").isEmpty();
    }

    @Test
    void aRefusedAdminLoginIsNamedWithTheServersReason() {
        AppDatabases databases = databases(server("main", cluster.port(), PostgresCluster.SUPERUSER, "wrong-password"));

        assertThatThrownBy(() -> databases.prepare("shop", WANTS_DATABASE, false))
                .isInstanceOf(DatabaseException.class)
                .hasMessage("PostgreSQL server 'main' (127.0.0.1:" + cluster.port() + ") refused the admin login as postgres: "
                        + "password authentication failed for user \"postgres\"");
    }

    @Test
    void withoutConfiguredServersTheMessageSaysWhatToAdd() {
        AppDatabases databases = new AppDatabases(PostgresSettings.NONE, credentials);
        assertThatThrownBy(() -> databases.prepare("shop", WANTS_DATABASE, false))
                .hasMessageContaining("berth.yaml lists no server berth may create it on; add a 'postgres:' block");
    }

    @Test
    void aBundleNamesItsServerByHostAndPortAndLoopbackNamesAreOne() throws Exception {
        PostgresServer other = server("other", 1, "postgres", "x");
        AppDatabases databases = new AppDatabases(settings(other, main()), credentials);

        Plugins localhost = new Plugins(true, List.of(new PostgresServerRef("localhost", cluster.port())));
        assertThat(databases.prepare("named", localhost, false).orElseThrow().note()).contains("'main'");

        Plugins unknown = new Plugins(true, List.of(new PostgresServerRef("db.example.org", 5432)));
        assertThatThrownBy(() -> databases.prepare("unknown", unknown, false))
                .hasMessage("the bundle asks for PostgreSQL server db.example.org:5432, which berth.yaml does not list under "
                        + "postgres.servers (listed: other at 127.0.0.1:1, main at 127.0.0.1:" + cluster.port() + ")");
    }

    @Test
    void anAppKeepsItsServerAndABundleAskingForAnotherIsRefused() throws Exception {
        PostgresServer other = server("other", 1, "postgres", "x");
        databases(main()).prepare("stays", WANTS_DATABASE, false);
        // The default is now another server: postgres: true still finds the app's database where it is.
        AppDatabases changed = new AppDatabases(settings(other, main()), credentials);
        assertThat(changed.prepare("stays", WANTS_DATABASE, false).orElseThrow().note()).contains("'main'");

        Plugins elsewhere = new Plugins(true, List.of(new PostgresServerRef("127.0.0.1", 1)));
        assertThatThrownBy(() -> changed.prepare("stays", elsewhere, false))
                .hasMessageContaining("the bundle asks for PostgreSQL server 'other' (127.0.0.1:1), but app stays's database")
                .hasMessageContaining("berth does not move databases");
    }

    @Test
    void aRoleBerthHasNoPasswordForIsNotTakenOver() throws Exception {
        String name = DatabaseNames.forApp("taken");
        cluster.superuserSql("CREATE ROLE " + name + " LOGIN");
        try {
            assertThatThrownBy(() -> databases(main()).prepare("taken", WANTS_DATABASE, false))
                    .hasMessageContaining("already has a role named " + name + ", but berth's store has no credentials "
                            + "for app taken");
            assertThat(credentials.find("taken")).isEmpty();
            assertThat(cluster.databaseExists(name)).isFalse();
        } finally {
            cluster.superuserSql("DROP ROLE " + name);
        }
    }

    @Test
    void aDatabaseDroppedByHandIsCreatedAgainWithTheStoredPassword() throws Exception {
        AppDatabases databases = databases(main());
        Map<String, String> variables = databases.prepare("again", WANTS_DATABASE, false).orElseThrow().variables();
        cluster.superuserSql("DROP DATABASE " + variables.get("PGDATABASE"));
        cluster.superuserSql("DROP ROLE " + variables.get("PGUSER"));

        AppDatabases.Prepared again = databases.prepare("again", WANTS_DATABASE, false).orElseThrow();
        assertThat(again.note()).startsWith("re-created the missing role " + variables.get("PGUSER") + " and database");
        assertThat(again.variables()).isEqualTo(variables);
        cluster.connect(variables.get("PGUSER"), variables.get("PGPASSWORD"), variables.get("PGDATABASE")).close();
    }

    @Test
    void restoringWithTheServerDownUsesTheStoredCredentials() throws Exception {
        Map<String, String> variables = databases(main()).prepare("restored", WANTS_DATABASE, false).orElseThrow().variables();
        PostgresServer down = server("main", FreePorts.next(), "postgres", cluster.superuserPassword());
        AppDatabases whileDown = databases(down);

        assertThatThrownBy(() -> whileDown.prepare("restored", WANTS_DATABASE, false)).isInstanceOf(DatabaseException.class);
        AppDatabases.Prepared restored = whileDown.prepare("restored", WANTS_DATABASE, true).orElseThrow();
        assertThat(restored.note()).startsWith("using the stored credentials of database " + variables.get("PGDATABASE")
                + " unchecked: PostgreSQL server 'main'");
        assertThat(restored.variables().get("PGPASSWORD")).isEqualTo(variables.get("PGPASSWORD"));
    }

    @Test
    void noPasswordReachesTheServerInPlainText() throws Exception {
        Map<String, String> variables = databases(main()).prepare("hashed", WANTS_DATABASE, false).orElseThrow().variables();
        String log = cluster.serverLog();
        assertThat(log).as("statements are logged").contains("CREATE DATABASE");
        assertThat(log).doesNotContain(variables.get("PGPASSWORD"));
    }

    // ---- helpers ---------------------------------------------------------------------------

    private AppDatabases databases(PostgresServer server) {
        return new AppDatabases(settings(server), credentials);
    }

    /** The first server is the default. */
    private static PostgresSettings settings(PostgresServer... servers) {
        Map<String, PostgresServer> byName = new java.util.LinkedHashMap<>();
        for (PostgresServer server : servers) {
            byName.put(server.name(), server);
        }
        return new PostgresSettings(Optional.of(servers[0].name()), byName);
    }

    static PostgresServer main() {
        return server("main", cluster.port(), PostgresCluster.SUPERUSER, cluster.superuserPassword());
    }

    static PostgresServer server(String name, int port, String user, String password) {
        return new PostgresServer(name, "127.0.0.1", port, user, password, "postgres", Duration.ofSeconds(5));
    }

    static PostgresServer unreachable() throws Exception {
        return server("main", FreePorts.next(), "postgres", "x");
    }
}
