package org.berth.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.berth.proxy.ExchangeMeters;

/**
 * The proxy's meters: per route host, answers by status class and a latency histogram, backend
 * failures; requests in flight across all hosts. Hosts are labelled by route pattern (or
 * {@code unrouted}), never by the raw Host header, so a client cannot grow the label set.
 */
final class HttpMeters implements ExchangeMeters {
    /** Few buckets keep a record cheap; they span a static file (ms) to a slow backend (10 s). */
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    private static final String[] CLASSES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Host> hosts = new ConcurrentHashMap<>();
    private final LongAdder inFlight = new LongAdder();

    HttpMeters(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("berth.proxy.requests.in.flight", inFlight, LongAdder::sum)
                .description("Requests received by the proxy and not yet answered").register(registry);
    }

    @Override
    public HostMeters host(String routeHost) {
        return hosts.computeIfAbsent(routeHost, Host::new);
    }

    @Override
    public void inFlight(int delta) {
        inFlight.add(delta);
    }

    private final class Host implements HostMeters {
        private final Counter[] byClass = new Counter[CLASSES.length];
        private final Timer latency;
        private final Counter failures;

        Host(String host) {
            for (int i = 0; i < CLASSES.length; i++) {
                byClass[i] = Counter.builder("berth.proxy.requests").tag("host", host).tag("status", CLASSES[i])
                        .description("Requests answered by the proxy, by route host and status class "
                                + "(none: the connection ended before an answer)").register(registry);
            }
            latency = Timer.builder("berth.proxy.request.duration").tag("host", host).serviceLevelObjectives(BUCKETS)
                    .description("Time from a request's head to the last byte of its answer").register(registry);
            failures = Counter.builder("berth.proxy.backend.failures").tag("host", host)
                    .description("Requests answered with the proxy's own 502 page: the backend refused, reset or timed out")
                    .register(registry);
        }

        @Override
        public void answered(int status, long nanos) {
            int index = status >= 100 && status < 600 ? status / 100 : 0;
            byClass[index].increment();
            latency.record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void backendFailure() {
            failures.increment();
        }
    }
}
