package org.berth.proxy;

import java.util.ArrayDeque;

/**
 * Idle keep-alive connections to one upstream, owned by one event loop (so no locks). The most
 * recently used connection is handed out first, which keeps few connections warm and lets the
 * rest age out; a connection the backend closed leaves the pool at once and is never reused.
 */
final class UpstreamPool {
    /** More idle connections than this to one upstream are closed instead of kept. */
    private static final int MAX_IDLE = 256;

    private final Upstream upstream;
    private final ArrayDeque<BackendConnection> idle = new ArrayDeque<>();
    private boolean closed;

    UpstreamPool(Upstream upstream) {
        this.upstream = upstream;
    }

    Upstream upstream() {
        return upstream;
    }

    boolean closed() {
        return closed;
    }

    /** An idle open connection, or null when a new one must be made. */
    BackendConnection acquire() {
        BackendConnection connection;
        while ((connection = idle.pollLast()) != null) {
            if (connection.channel().isActive()) {
                return connection;
            }
        }
        return null;
    }

    void release(BackendConnection connection, long now) {
        if (closed || idle.size() >= MAX_IDLE || !connection.channel().isActive()) {
            connection.channel().close();
            return;
        }
        connection.idleSince(now);
        idle.addLast(connection);
    }

    /** The connection closed: it must never be handed out. */
    void forget(BackendConnection connection) {
        idle.removeFirstOccurrence(connection);
    }

    /** Closes connections unused for longer than {@code maxIdleNanos}, oldest first. */
    void expire(long now, long maxIdleNanos) {
        while (!idle.isEmpty() && now - idle.peekFirst().idleSince() > maxIdleNanos) {
            idle.pollFirst().channel().close();
        }
    }

    /** The upstream left the route table: close what is idle, and whatever is returned later. */
    void close() {
        closed = true;
        BackendConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            connection.channel().close();
        }
    }
}
