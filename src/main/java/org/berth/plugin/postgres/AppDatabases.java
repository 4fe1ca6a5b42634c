package org.berth.plugin.postgres;

import java.util.Map;
import java.util.Optional;
import org.berth.bundle.Plugins;
import org.berth.bundle.PostgresServerRef;
import org.berth.config.PostgresServer;
import org.berth.config.PostgresSettings;
import org.berth.store.CredentialStore;
import org.berth.store.DatabaseCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keter's PostgreSQL plugin, done berth's way: what the app manager asks of it. Before a release
 * starts, {@link #prepare} makes sure the app's database exists and gives the variables for its
 * processes; {@link #describe} is {@code berth app db}; {@link #drop} is {@code remove --drop-database}.
 * Each app's database lives on one server: the one its credentials name.
 */
public final class AppDatabases {
    private static final Logger LOG = LoggerFactory.getLogger(AppDatabases.class);

    private final PostgresSettings settings;
    private final CredentialStore credentials;
    private final DatabaseProvisioner provisioner;

    public AppDatabases(PostgresSettings settings, CredentialStore credentials) {
        this.settings = settings;
        this.credentials = credentials;
        this.provisioner = new DatabaseProvisioner(credentials);
    }

    /**
     * The variables a release gets, and one line for the app's log saying what was done.
     * {@code toString} leaves the variables out: they hold the password.
     */
    public record Prepared(Map<String, String> variables, String note) {
        public Prepared {
            variables = Map.copyOf(variables);
        }

        @Override
        public String toString() {
            return "Prepared[" + note + "]";
        }
    }

    /**
     * For a release about to start: nothing when the bundle asks for no database; otherwise the app's
     * database, created on first use. When berth restarts an app it ran before ({@code restoring}) and
     * the server cannot be asked — PostgreSQL may start after berth — the stored credentials are used
     * as they are, with a warning, rather than leaving the app down.
     */
    public Optional<Prepared> prepare(String app, Plugins plugins, boolean restoring) throws DatabaseException {
        if (!plugins.postgres()) {
            return Optional.empty();
        }
        Optional<DatabaseCredentials> stored = credentials.find(app);
        PostgresServer server = choose(app, plugins, stored);
        try {
            DatabaseProvisioner.Provisioned done = provisioner.ensure(server, app, stored);
            String note = done.done() + " on " + AdminConnection.describe(server);
            LOG.info("app {}: {}", app, note);
            return Optional.of(new Prepared(DatabaseEnvironment.variables(server, done.credentials()), note));
        } catch (DatabaseException e) {
            if (!restoring || stored.isEmpty()) {
                throw e;
            }
            String note = "using the stored credentials of database " + stored.get().database() + " unchecked: "
                    + e.getMessage();
            LOG.warn("app {}: {}", app, note);
            return Optional.of(new Prepared(DatabaseEnvironment.variables(server, stored.get()), note));
        }
    }

    /** The app's database, when it has one (also after the app was removed without dropping it). */
    public Optional<AppDatabase> describe(String app) {
        return credentials.find(app).map(stored -> new AppDatabase(stored, settings.server(stored.server())));
    }

    /**
     * Fails when the app's database could not be dropped now (its server is unlisted, down or refuses
     * the admin), so that a removal asked to drop it can stop before it removes anything.
     */
    public void checkDroppable(String app) throws DatabaseException {
        Optional<DatabaseCredentials> stored = credentials.find(app);
        if (stored.isPresent()) {
            provisioner.checkLogin(storedServer(app, stored.get()));
        }
    }

    /** Drops the app's role and database and forgets them; says what was done. */
    public String drop(String app) throws DatabaseException {
        Optional<DatabaseCredentials> stored = credentials.find(app);
        if (stored.isEmpty()) {
            return "it had no database to drop";
        }
        PostgresServer server = storedServer(app, stored.get());
        provisioner.drop(server, stored.get());
        String note = "dropped database and role " + stored.get().database() + " on " + AdminConnection.describe(server);
        LOG.info("app {}: {}", app, note);
        return note;
    }

    /**
     * Where the database is or goes. An app that has one keeps it on its server, also when the default
     * changed since; a bundle naming another server is refused, as berth does not move data.
     */
    private PostgresServer choose(String app, Plugins plugins, Optional<DatabaseCredentials> stored)
            throws DatabaseException {
        if (!settings.configured()) {
            throw new DatabaseException("the bundle asks for a PostgreSQL database (plugins: postgres), but berth.yaml "
                    + "lists no server berth may create it on; add a 'postgres:' block (see docs/postgres.md)");
        }
        Optional<PostgresServer> asked = plugins.servers().isEmpty() ? Optional.empty() : Optional.of(named(plugins));
        if (stored.isPresent()) {
            PostgresServer current = storedServer(app, stored.get());
            if (asked.isPresent() && !asked.get().name().equals(current.name())) {
                throw new DatabaseException("the bundle asks for " + AdminConnection.describe(asked.get())
                        + ", but app " + app + "'s database " + stored.get().database() + " is on "
                        + AdminConnection.describe(current) + "; berth does not move databases: move the data and "
                        + "remove the app with --drop-database first, or ask for that server");
            }
            return current;
        }
        return asked.orElseGet(() -> settings.defaultEntry().orElseThrow());
    }

    /** The configured server the bundle's first {@code {server, port}} names (Keter uses only the first). */
    private PostgresServer named(Plugins plugins) throws DatabaseException {
        PostgresServerRef ref = plugins.postgresServer();
        Optional<PostgresServer> match = settings.matching(ref.server(), ref.port());
        if (match.isEmpty()) {
            throw new DatabaseException("the bundle asks for PostgreSQL server " + ref.server() + ":" + ref.port()
                    + ", which berth.yaml does not list under postgres.servers (listed: " + listed() + ")");
        }
        return match.get();
    }

    private PostgresServer storedServer(String app, DatabaseCredentials stored) throws DatabaseException {
        Optional<PostgresServer> server = settings.server(stored.server());
        if (server.isEmpty()) {
            throw new DatabaseException("app " + app + "'s database " + stored.database() + " is on PostgreSQL server '"
                    + stored.server() + "', which berth.yaml no longer lists under postgres.servers (listed: "
                    + listed() + ")");
        }
        return server.get();
    }

    private String listed() {
        return settings.servers().isEmpty() ? "none" : String.join(", ", settings.servers().values().stream()
                .map(server -> server.name() + " at " + server.address()).toList());
    }
}
