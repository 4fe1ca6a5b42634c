package org.berth.bundle;

import java.util.List;

/**
 * A bundle's plugin requests.
 *
 * @param postgres true when the app wants a database ({@code postgres: true} or a server list)
 * @param servers  the servers listed, in order; empty = the local server. Keter uses only the first.
 */
public record Plugins(boolean postgres, List<PostgresServerRef> servers) {
    public static final Plugins NONE = new Plugins(false, List.of());

    public Plugins {
        servers = List.copyOf(servers);
    }

    /** The server Keter would use: the first listed, else localhost:5432. */
    public PostgresServerRef postgresServer() {
        return servers.isEmpty() ? PostgresServerRef.LOCAL : servers.get(0);
    }
}
