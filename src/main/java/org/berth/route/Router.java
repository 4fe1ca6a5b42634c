package org.berth.route;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Holds the current {@link RouteTable}. Writers (the app lifecycle) build a new table and swap
 * it in atomically; the proxy reads {@link #table()} on every request without locking.
 */
public final class Router {
    private final AtomicReference<RouteTable> table = new AtomicReference<>(RouteTable.EMPTY);
    private final List<Consumer<RouteTable>> followers = new CopyOnWriteArrayList<>();

    public RouteTable table() {
        return table.get();
    }

    /** Applies a change; writers are serialised so no change is lost. */
    public synchronized RouteTable update(UnaryOperator<RouteTable> change) {
        RouteTable next = change.apply(table.get());
        table.set(next);
        followers.forEach(follower -> follower.accept(next));
        return next;
    }

    /**
     * Calls {@code follower} with the current table now and with every new one after it is swapped in, in
     * order (for what must follow the hosts, such as their certificates). It runs under the writers' lock:
     * it must be quick and must not update this router.
     */
    public synchronized void follow(Consumer<RouteTable> follower) {
        followers.add(follower);
        follower.accept(table.get());
    }
}
