package org.berth.bundle;

/** A PostgreSQL server named in {@code plugins: {postgres: [{server, port}]}}. */
public record PostgresServerRef(String server, int port) {
    public static final PostgresServerRef LOCAL = new PostgresServerRef("localhost", 5432);
}
