package org.berth.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.berth.proxy.ExchangeMeters;

/**
 * The proxy's meters: per route host, answers by status class, a latency histogram and backend
 * failures; requests in flight across all hosts. Hosts are labelled by route pattern (or
 * {@code unrouted}), never by the raw Host header, so a client cannot grow the label set.
 *
 * <p>Each event loop counts in its own {@link ExchangeCounts} per host and a scrape adds them up
 * ({@link #collect}). Micrometer's shared counters and timer cost the proxy about 4% of its
 * requests/s under load (docs/metrics.md); these cost a few uncontended adds.
 */
final class HttpMeters implements ExchangeMeters, MultiCollector {
    private static final double NANOS_PER_SECOND = 1e9;
    /** The buckets' upper bounds in seconds, +Inf last, as the exposition wants them. */
    private static final double[] UPPER_BOUNDS = upperBounds();

    private final Map<String, HostCounts> hosts = new ConcurrentHashMap<>();

    @Override
    public HostMeters host(String routeHost) {
        return hosts.computeIfAbsent(routeHost, HostCounts::new).forThisThread();
    }

    /** One route host's counts: one {@link ExchangeCounts} per thread that reported on it. */
    private static final class HostCounts {
        private final String host;
        private final List<ExchangeCounts> perThread = new CopyOnWriteArrayList<>();
        private final ThreadLocal<ExchangeCounts> mine = ThreadLocal.withInitial(this::newCounts);

        HostCounts(String host) {
            this.host = host;
        }

        ExchangeCounts forThisThread() {
            return mine.get();
        }

        private ExchangeCounts newCounts() {
            ExchangeCounts counts = new ExchangeCounts();
            perThread.add(counts);
            return counts;
        }

        long sum(int cell) {
            long sum = 0;
            for (ExchangeCounts counts : perThread) {
                sum += counts.get(cell);
            }
            return sum;
        }
    }

    @Override
    public MetricSnapshots collect() {
        CounterSnapshot.Builder requests = CounterSnapshot.builder().name("berth_proxy_requests")
                .help("Requests answered by the proxy, by route host and status class "
                        + "(none: the connection ended before an answer)");
        HistogramSnapshot.Builder duration = HistogramSnapshot.builder().name("berth_proxy_request_duration_seconds")
                .help("Time from a request's head to the last byte of its answer");
        CounterSnapshot.Builder failures = CounterSnapshot.builder().name("berth_proxy_backend_failures")
                .help("Requests answered with the proxy's own 502 page: the backend refused, reset or timed out");
        long answered = 0;
        long started = 0;
        for (HostCounts counts : hosts.values()) {
            Labels host = Labels.of("host", counts.host);
            // Answers are read before starts: a scrape never counts an answer whose start it missed.
            long[] buckets = buckets(counts);
            for (int i = 0; i < ExchangeCounts.CLASSES.length; i++) {
                requests.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                        .labels(host.add("status", ExchangeCounts.CLASSES[i])).value(counts.sum(i)).build());
            }
            duration.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(host)
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS, buckets))
                    .sum(counts.sum(ExchangeCounts.SUM_NANOS) / NANOS_PER_SECOND).build());
            failures.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(host)
                    .value(counts.sum(ExchangeCounts.FAILURES)).build());
            answered += Arrays.stream(buckets).sum();
            started += counts.sum(ExchangeCounts.STARTED);
        }
        GaugeSnapshot inFlight = GaugeSnapshot.builder().name("berth_proxy_requests_in_flight")
                .help("Requests received by the proxy and not yet answered")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(Math.max(0, started - answered)).build())
                .build();
        return MetricSnapshots.of(requests.build(), duration.build(), failures.build(), inFlight);
    }

    /** Each bucket's own count (the model wants them so; the text format makes them cumulative). */
    private static long[] buckets(HostCounts counts) {
        long[] buckets = new long[ExchangeCounts.BUCKET_NANOS.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = counts.sum(ExchangeCounts.BUCKETS + i);
        }
        return buckets;
    }

    private static double[] upperBounds() {
        double[] bounds = new double[ExchangeCounts.BUCKET_NANOS.length + 1];
        for (int i = 0; i < ExchangeCounts.BUCKET_NANOS.length; i++) {
            bounds[i] = ExchangeCounts.BUCKET_NANOS[i] / NANOS_PER_SECOND;
        }
        bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
        return bounds;
    }
}
