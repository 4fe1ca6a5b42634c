package org.berth.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.berth.proxy.ExchangeMeters;
import org.junit.jupiter.api.Test;

/** The proxy's meters as Prometheus scrapes them: per-loop counts summed, histogram cumulative, in flight. */
class HttpMetersTest {
    private final HttpMeters meters = new HttpMeters();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    HttpMetersTest() {
        registry.getPrometheusRegistry().register(meters);
    }

    @Test
    void countsFromEveryLoopAreAddedUp() throws Exception {
        int loops = 3;
        int perLoop = 10_000;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < loops; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                ExchangeMeters.HostMeters host = meters.host("shop.example.com");
                for (int n = 0; n < perLoop; n++) {
                    host.started();
                    host.answered(200, TimeUnit.MILLISECONDS.toNanos(2));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        String scrape = registry.scrape();

        assertThat(value(scrape, "berth_proxy_requests_total{host=\"shop.example.com\",status=\"2xx\"}"))
                .isEqualTo(loops * perLoop);
        assertThat(value(scrape, "berth_proxy_request_duration_seconds_count{host=\"shop.example.com\"}"))
                .isEqualTo(loops * perLoop);
        assertThat(value(scrape, "berth_proxy_request_duration_seconds_sum{host=\"shop.example.com\"}"))
                .isCloseTo(loops * perLoop * 0.002, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(value(scrape, "berth_proxy_requests_in_flight")).isZero();
    }

    @Test
    void histogramIsCumulativeWithTheStatusClassesAndFailures() {
        ExchangeMeters.HostMeters host = meters.host("*.example.org");
        answer(host, 200, 3);        // <= 5 ms
        answer(host, 301, 7);        // <= 10 ms
        answer(host, 502, 30_000);   // +Inf
        answer(host, 0, 700);        // ended before an answer, <= 1 s
        host.backendFailure();
        host.started();              // still in flight
        String scrape = registry.scrape();

        String labels = "host=\"*.example.org\"";
        assertThat(value(scrape, "berth_proxy_request_duration_seconds_bucket{" + labels + ",le=\"0.005\"}")).isEqualTo(1);
        assertThat(value(scrape, "berth_proxy_request_duration_seconds_bucket{" + labels + ",le=\"0.01\"}")).isEqualTo(2);
        assertThat(value(scrape, "berth_proxy_request_duration_seconds_bucket{" + labels + ",le=\"1.0\"}")).isEqualTo(3);
        assertThat(value(scrape, "berth_proxy_request_duration_seconds_bucket{" + labels + ",le=\"10.0\"}")).isEqualTo(3);
        assertThat(value(scrape, "berth_proxy_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"}")).isEqualTo(4);
        assertThat(scrape.lines().filter(line -> line.startsWith("berth_proxy_request_duration_seconds_bucket{"))).hasSize(12);
        assertThat(value(scrape, "berth_proxy_requests_total{" + labels + ",status=\"2xx\"}")).isEqualTo(1);
        assertThat(value(scrape, "berth_proxy_requests_total{" + labels + ",status=\"3xx\"}")).isEqualTo(1);
        assertThat(value(scrape, "berth_proxy_requests_total{" + labels + ",status=\"5xx\"}")).isEqualTo(1);
        assertThat(value(scrape, "berth_proxy_requests_total{" + labels + ",status=\"none\"}")).isEqualTo(1);
        assertThat(value(scrape, "berth_proxy_requests_total{" + labels + ",status=\"4xx\"}")).isZero();
        assertThat(value(scrape, "berth_proxy_backend_failures_total{" + labels + "}")).isEqualTo(1);
        assertThat(value(scrape, "berth_proxy_requests_in_flight")).isEqualTo(1);
        assertThat(scrape).contains("# TYPE berth_proxy_request_duration_seconds histogram");
    }

    private static void answer(ExchangeMeters.HostMeters host, int status, long millis) {
        host.started();
        host.answered(status, TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** The value of the sample line that starts with {@code series} (name and labels as written). */
    private static double value(String scrape, String series) {
        return scrape.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no " + series + " in\n" + scrape));
    }
}
