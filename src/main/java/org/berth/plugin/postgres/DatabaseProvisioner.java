package org.berth.plugin.postgres;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.berth.config.PostgresServer;
import org.berth.store.CredentialStore;
import org.berth.store.DatabaseCredentials;

/**
 * Makes sure an app's role and database exist on a server: on the first deploy it creates both, with
 * a fresh password, and records the credentials; later deploys reuse them (re-creating either if
 * someone dropped it). Dropping removes both and forgets the credentials.
 */
final class DatabaseProvisioner {
    private final CredentialStore credentials;

    DatabaseProvisioner(CredentialStore credentials) {
        this.credentials = credentials;
    }

    /** The credentials in use and what was done, in words for the app's log. */
    record Provisioned(DatabaseCredentials credentials, String done) {
    }

    Provisioned ensure(PostgresServer server, String app, Optional<DatabaseCredentials> stored) throws DatabaseException {
        try (AdminConnection admin = AdminConnection.open(server)) {
            return stored.isPresent() ? reuse(admin, stored.get()) : create(admin, server, app);
        }
    }

    private Provisioned create(AdminConnection admin, PostgresServer server, String app) throws DatabaseException {
        String name = DatabaseNames.forApp(app);
        refuseForeign(admin, server, app, name);
        DatabaseCredentials fresh = new DatabaseCredentials(app, server.name(), name, name, PasswordGenerator.generate(),
                Instant.now());
        // Recorded before the role exists: should a step below fail, the next deploy re-creates the role
        // with this password, whereas a role whose password was never recorded could not be used at all.
        credentials.add(fresh);
        admin.createRole(name, fresh.password());
        admin.createDatabase(name, name);
        return new Provisioned(fresh, "created role and database " + name);
    }

    /**
     * berth has no password for a role or database that is there already: another berth on the same
     * server, or a store that was lost. Taking it over could hand one app another's data, so refuse.
     */
    private static void refuseForeign(AdminConnection admin, PostgresServer server, String app, String name)
            throws DatabaseException {
        boolean role = admin.roleExists(name);
        if (role || admin.databaseExists(name)) {
            throw new DatabaseException(AdminConnection.describe(server) + " already has a " + (role ? "role" : "database")
                    + " named " + name + ", but berth's store has no credentials for app " + app + " (another berth "
                    + "using this server, or a lost store?); berth will not take it over: drop the role and the "
                    + "database if they are not needed, or restore the store");
        }
    }

    private static Provisioned reuse(AdminConnection admin, DatabaseCredentials stored) throws DatabaseException {
        List<String> done = new ArrayList<>();
        if (!admin.roleExists(stored.role())) {
            admin.createRole(stored.role(), stored.password());
            done.add("role " + stored.role());
        }
        if (!admin.databaseExists(stored.database())) {
            admin.createDatabase(stored.database(), stored.role());
            done.add("database " + stored.database() + " (empty)");
        }
        return new Provisioned(stored, done.isEmpty() ? "reusing role and database " + stored.database()
                : "re-created the missing " + String.join(" and ", done));
    }

    /** Logs in, so that a removal with its database can stop before it starts when the server is not there. */
    void checkLogin(PostgresServer server) throws DatabaseException {
        AdminConnection.open(server).close();
    }

    void drop(PostgresServer server, DatabaseCredentials stored) throws DatabaseException {
        try (AdminConnection admin = AdminConnection.open(server)) {
            admin.dropDatabase(stored.database());
            admin.dropRole(stored.role());
        }
        credentials.remove(stored.app());
    }
}
