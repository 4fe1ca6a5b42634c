package org.berth.route;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests (and websockets) in flight per backend, counted by the proxy, read by the app
 * lifecycle to know when an old release has drained. Without a proxy in front nothing is
 * counted and every backend is idle at once.
 */
public final class InFlightRequests {
    private final ConcurrentHashMap<RouteTarget.Backend, AtomicInteger> counts = new ConcurrentHashMap<>();

    public void begin(RouteTarget.Backend backend) {
        counts.computeIfAbsent(backend, key -> new AtomicInteger()).incrementAndGet();
    }

    public void end(RouteTarget.Backend backend) {
        AtomicInteger count = counts.get(backend);
        if (count != null) {
            count.decrementAndGet();
        }
    }

    public int count(RouteTarget.Backend backend) {
        AtomicInteger count = counts.get(backend);
        return count == null ? 0 : count.get();
    }

    /** Waits until none of {@code backends} has anything in flight, or the limit; true when drained. */
    public boolean awaitIdle(Collection<RouteTarget.Backend> backends, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (backends.stream().anyMatch(backend -> count(backend) > 0)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        backends.forEach(counts::remove);
        return true;
    }
}
