package org.berth.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code postgres:} block: the PostgreSQL servers berth may administer, by name, and which one
 * bundles get when they do not name one. Read by {@link PostgresSettingsReader}.
 *
 * @param defaultServer the name of the server for {@code postgres: true}; empty only when no server is configured
 * @param servers       by name, in the file's order
 */
public record PostgresSettings(Optional<String> defaultServer, Map<String, PostgresServer> servers) {
    /** No {@code postgres:} block: bundles that ask for a database cannot deploy. */
    public static final PostgresSettings NONE = new PostgresSettings(Optional.empty(), Map.of());

    public PostgresSettings {
        servers = Collections.unmodifiableMap(new LinkedHashMap<>(servers));
        if (defaultServer.isPresent() && !servers.containsKey(defaultServer.get())) {
            throw new IllegalArgumentException("default PostgreSQL server " + defaultServer.get() + " is not configured");
        }
    }

    public boolean configured() {
        return !servers.isEmpty();
    }

    public Optional<PostgresServer> server(String name) {
        return Optional.ofNullable(servers.get(name));
    }

    public Optional<PostgresServer> defaultEntry() {
        return defaultServer.map(servers::get);
    }

    /** The configured server a bundle's {@code {server, port}} names; see {@link PostgresServer#answersTo}. */
    public Optional<PostgresServer> matching(String host, int port) {
        return servers.values().stream().filter(server -> server.answersTo(host, port)).findFirst();
    }
}
