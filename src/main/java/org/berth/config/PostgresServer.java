package org.berth.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * A PostgreSQL server berth may administer: where it is and how berth logs in to create (and, when
 * asked, drop) apps' roles and databases. Apps get {@link #host} and {@link #port} as they are written
 * here, so they reach the same server the same way.
 *
 * @param name           the key under {@code postgres.servers}; credentials in the store name it
 * @param user           the admin role: a superuser, or a role with CREATEROLE and CREATEDB
 * @param password       the admin's password (never logged, never in {@link #toString()})
 * @param adminDatabase  the database the admin connection opens ({@code postgres} by default)
 * @param connectTimeout how long a deploy waits for the server before failing
 */
public record PostgresServer(String name, String host, int port, String user, String password, String adminDatabase,
                             Duration connectTimeout) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5432;
    public static final String DEFAULT_USER = "postgres";
    public static final String DEFAULT_ADMIN_DATABASE = "postgres";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Names a bundle may use for "this machine"; Keter's default server is localhost:5432. */
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    public PostgresServer {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("PostgreSQL port must be 1-65535, got " + port);
        }
    }

    /** {@code host:port}, IPv6 addresses in brackets: what messages name. */
    public String address() {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Whether a bundle's {@code {server, port}} means this server: the same port and the same host name
     * (case aside), where the loopback names count as one, so a Keter bundle written for
     * {@code localhost} finds a server configured as {@code 127.0.0.1}.
     */
    public boolean answersTo(String otherHost, int otherPort) {
        if (otherPort != port) {
            return false;
        }
        String mine = host.toLowerCase(Locale.ROOT);
        String theirs = otherHost.toLowerCase(Locale.ROOT);
        return mine.equals(theirs) || LOOPBACK.contains(mine) && LOOPBACK.contains(theirs);
    }

    @Override
    public String toString() {
        return "PostgresServer[" + name + " " + user + "@" + address() + "/" + adminDatabase + ", password hidden]";
    }
}
