package org.berth.route;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Holds the current {@link RouteTable}. Writers (the app lifecycle) build a new table and swap
 * it in atomically; the proxy reads {@link #table()} on every request without locking.
 */
public final class Router {
    private final AtomicReference<RouteTable> table = new AtomicReference<>(RouteTable.EMPTY);

    public RouteTable table() {
        return table.get();
    }

    /** Applies a change; writers are serialised so no change is lost. */
    public synchronized RouteTable update(UnaryOperator<RouteTable> change) {
        RouteTable next = change.apply(table.get());
        table.set(next);
        return next;
    }
}
