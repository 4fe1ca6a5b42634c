package org.berth.store;

import java.time.Instant;

/**
 * The PostgreSQL role and database berth created for an app, kept so that every later deploy gives
 * the app the same database. {@link #toString()} hides the password: a record printed into a log
 * line or an exception must not leak it.
 *
 * @param app       the app's name
 * @param server    the name of the server under {@code postgres.servers} that holds them
 * @param role      the role the app logs in as (it owns the database)
 * @param database  the app's database
 * @param password  the role's password
 * @param createdAt when berth created them
 */
public record DatabaseCredentials(String app, String server, String role, String database, String password,
                                  Instant createdAt) {
    public static final String MASK = "********";

    @Override
    public String toString() {
        return "DatabaseCredentials[app=" + app + ", server=" + server + ", role=" + role + ", database=" + database
                + ", password=" + MASK + ", createdAt=" + createdAt + "]";
    }
}
