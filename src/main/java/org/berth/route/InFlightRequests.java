package org.berth.route;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests (and websockets) in flight per backend, counted by the proxy, read by the app
 * lifecycle to know when an old release has drained. Without a proxy in front nothing is
 * counted and every backend is idle at once.
 *
 * <p>Counters are {@link LongAdder}s: every event loop counts every request of a busy backend, and
 * one shared atomic integer made the loops fight over its cache line (bench/proxy's webapp row).
 * The drain's reading stays exact enough: {@link #count} sums after a route swap, and a request
 * counted before the swap was counted before the proxy re-read the table (see the proxy's lookup).
 */
public final class InFlightRequests {
    private final ConcurrentHashMap<RouteTarget.Backend, LongAdder> counts = new ConcurrentHashMap<>();

    public void begin(RouteTarget.Backend backend) {
        counts.computeIfAbsent(backend, key -> new LongAdder()).increment();
    }

    public void end(RouteTarget.Backend backend) {
        LongAdder count = counts.get(backend);
        if (count != null) {
            count.decrement();
        }
    }

    public int count(RouteTarget.Backend backend) {
        LongAdder count = counts.get(backend);
        return count == null ? 0 : (int) count.sum();
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
