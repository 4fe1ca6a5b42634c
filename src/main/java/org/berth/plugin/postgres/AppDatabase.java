package org.berth.plugin.postgres;

import java.util.Optional;
import org.berth.config.PostgresServer;
import org.berth.store.DatabaseCredentials;

/**
 * An app's database as {@code berth app db} shows it: the stored credentials and the server they are
 * on ({@code server} is empty when {@code berth.yaml} no longer lists it). Both parts hide the password
 * in {@code toString}; the URLs give it only when asked to reveal it.
 */
public record AppDatabase(DatabaseCredentials credentials, Optional<PostgresServer> server) {

    public String password(boolean reveal) {
        return reveal ? credentials.password() : DatabaseCredentials.MASK;
    }

    /** {@code DATABASE_URL} as the app gets it, with the password masked unless {@code reveal}. */
    public Optional<String> url(boolean reveal) {
        return server.map(entry -> DatabaseEnvironment.databaseUrl(entry, credentials, reveal));
    }

    /** {@code JDBC_DATABASE_URL} as the app gets it, with the password masked unless {@code reveal}. */
    public Optional<String> jdbcUrl(boolean reveal) {
        return server.map(entry -> DatabaseEnvironment.jdbcUrl(entry, credentials, reveal));
    }
}
