package org.berth.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.berth.proxy.ExchangeMeters;

/**
 * One thread's counts for one route host: answers by status class, a latency histogram, backend
 * failures and requests started. Only the owning event loop writes, so an add is a load and a
 * store, with no atomic instruction and no cache line shared with another loop; a scrape reads
 * from another thread and sums the loops' counts ({@link HttpMeters}).
 *
 * <p>Writes are release stores and reads acquire loads: a scrape that sees an answer also sees
 * its start, so started minus answered (requests in flight) never goes below zero.
 */
final class ExchangeCounts implements ExchangeMeters.HostMeters {
    /** Upper bounds of the histogram's buckets in nanoseconds, from a static file (ms) to a slow backend (10 s). */
    static final long[] BUCKET_NANOS = {5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L, 100_000_000L,
            250_000_000L, 500_000_000L, 1_000_000_000L, 2_500_000_000L, 5_000_000_000L, 10_000_000_000L};
    /** Status classes, indexed by {@code status / 100} (0: the connection ended before an answer). */
    static final String[] CLASSES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};

    // Layout of the cells: answers by class, then buckets (the last one +Inf), then the rest.
    static final int BUCKETS = CLASSES.length;
    static final int SUM_NANOS = BUCKETS + BUCKET_NANOS.length + 1;
    static final int FAILURES = SUM_NANOS + 1;
    static final int STARTED = FAILURES + 1;
    static final int SIZE = STARTED + 1;
    /** Cells kept clear on both sides so two loops' counts never share a 64-byte cache line. */
    private static final int PAD = 8;
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] cells = new long[PAD + SIZE + PAD];

    @Override
    public void started() {
        add(STARTED, 1);
    }

    @Override
    public void answered(int status, long nanos) {
        add(status >= 100 && status < 600 ? status / 100 : 0, 1);
        add(BUCKETS + bucketOf(nanos), 1);
        add(SUM_NANOS, nanos);
    }

    @Override
    public void backendFailure() {
        add(FAILURES, 1);
    }

    /** The count at {@code cell}, as far as this thread has written it. */
    long get(int cell) {
        return (long) CELL.getAcquire(cells, PAD + cell);
    }

    private void add(int cell, long delta) {
        int index = PAD + cell;
        CELL.setRelease(cells, index, (long) CELL.getOpaque(cells, index) + delta);
    }

    private static int bucketOf(long nanos) {
        int bucket = 0;
        while (bucket < BUCKET_NANOS.length && nanos > BUCKET_NANOS[bucket]) {
            bucket++;
        }
        return bucket;
    }
}
