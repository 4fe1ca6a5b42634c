package org.berth.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Apps' database credentials in the store ({@code database_credentials}, schema v3). The store file is
 * {@code 0600}, so only berth's user reads them; nothing here logs a password.
 */
public final class CredentialStore {
    private final Store store;

    public CredentialStore(Store store) {
        this.store = store;
    }

    public Optional<DatabaseCredentials> find(String app) {
        synchronized (store) {
            try (PreparedStatement statement = store.connection().prepareStatement(
                    "SELECT app, server, role, database, password, created_at FROM database_credentials WHERE app = ?")) {
                statement.setString(1, app);
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new DatabaseCredentials(row.getString(1), row.getString(2), row.getString(3),
                            row.getString(4), row.getString(5), Instant.ofEpochMilli(row.getLong(6))));
                }
            } catch (SQLException e) {
                throw new StoreException("cannot read the database credentials of " + app + " from " + store.file()
                        + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Records new credentials. Fails when the app already has some: credentials are written once, when
     * the database is created, and replacing them silently would lose the way into that database.
     */
    public void add(DatabaseCredentials credentials) {
        write("INSERT INTO database_credentials (app, server, role, database, password, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", credentials.app(), statement -> {
                    statement.setString(1, credentials.app());
                    statement.setString(2, credentials.server());
                    statement.setString(3, credentials.role());
                    statement.setString(4, credentials.database());
                    statement.setString(5, credentials.password());
                    statement.setLong(6, credentials.createdAt().toEpochMilli());
                });
    }

    /** Forgets an app's credentials (after its database was dropped); nothing happens when there are none. */
    public void remove(String app) {
        write("DELETE FROM database_credentials WHERE app = ?", app, statement -> statement.setString(1, app));
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private void write(String sql, String app, Binder binder) {
        synchronized (store) {
            try (PreparedStatement statement = store.connection().prepareStatement(sql)) {
                binder.bind(statement);
                statement.executeUpdate();
            } catch (SQLException e) {
                // The driver's message names the table and constraint, never a bound value.
                throw new StoreException("cannot write the database credentials of " + app + " to " + store.file()
                        + ": " + e.getMessage(), e);
            }
        }
    }
}
