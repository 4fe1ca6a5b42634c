package org.berth.plugin.postgres;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.berth.config.PostgresServer;
import org.berth.store.DatabaseCredentials;

/**
 * The variables every process of an app with a database gets:
 *
 * <ul>
 *   <li>libpq's {@code PGHOST}, {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD}, {@code PGDATABASE}
 *       (psql, libpq-based drivers and most others read them without configuration);</li>
 *   <li>{@code PGPASS}, Keter's name for the password (libpq does not read it; kept so Keter apps work);</li>
 *   <li>{@code DATABASE_URL}, a libpq URI {@code postgresql://user:password@host:port/database};</li>
 *   <li>{@code JDBC_DATABASE_URL} ({@code jdbc:postgresql://host:port/database?user=…&password=…}),
 *       {@code JDBC_DATABASE_USERNAME} and {@code JDBC_DATABASE_PASSWORD}, as Java buildpacks set them.</li>
 * </ul>
 *
 * Every part of the URLs is percent-encoded, though berth's names and passwords need none.
 */
public final class DatabaseEnvironment {
    private DatabaseEnvironment() {
    }

    public static Map<String, String> variables(PostgresServer server, DatabaseCredentials credentials) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("PGHOST", server.host());
        variables.put("PGPORT", Integer.toString(server.port()));
        variables.put("PGUSER", credentials.role());
        variables.put("PGPASSWORD", credentials.password());
        variables.put("PGPASS", credentials.password());
        variables.put("PGDATABASE", credentials.database());
        variables.put("DATABASE_URL", databaseUrl(server, credentials, true));
        variables.put("JDBC_DATABASE_URL", jdbcUrl(server, credentials, true));
        variables.put("JDBC_DATABASE_USERNAME", credentials.role());
        variables.put("JDBC_DATABASE_PASSWORD", credentials.password());
        return Map.copyOf(variables);
    }

    /** {@code DATABASE_URL}; with {@link DatabaseCredentials#MASK} for the password unless {@code withPassword}. */
    public static String databaseUrl(PostgresServer server, DatabaseCredentials credentials, boolean withPassword) {
        return "postgresql://" + encode(credentials.role()) + ":" + password(credentials, withPassword) + "@"
                + urlHost(server) + ":" + server.port() + "/" + encode(credentials.database());
    }

    /** {@code JDBC_DATABASE_URL}; with {@link DatabaseCredentials#MASK} for the password unless {@code withPassword}. */
    public static String jdbcUrl(PostgresServer server, DatabaseCredentials credentials, boolean withPassword) {
        return "jdbc:postgresql://" + urlHost(server) + ":" + server.port() + "/" + encode(credentials.database())
                + "?user=" + encode(credentials.role()) + "&password=" + password(credentials, withPassword);
    }

    /** The mask is shown as it is, so a reader sees stars rather than their percent-encoding. */
    private static String password(DatabaseCredentials credentials, boolean withPassword) {
        return withPassword ? encode(credentials.password()) : DatabaseCredentials.MASK;
    }

    /** An IPv6 address goes in brackets in a URL (and without them in PGHOST). */
    static String urlHost(PostgresServer server) {
        return server.host().contains(":") ? "[" + server.host() + "]" : server.host();
    }

    /**
     * RFC 3986 percent-encoding of everything but the unreserved characters. (URLEncoder is for form
     * bodies: it writes a space as '+', which a URI's user or path does not mean.)
     */
    static String encode(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }
}
