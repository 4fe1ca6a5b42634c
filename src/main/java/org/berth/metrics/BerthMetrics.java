package org.berth.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import org.berth.actions.Actions;
import org.berth.app.AppEventListener;
import org.berth.proxy.ExchangeMeters;

/**
 * berth's metrics in one Prometheus registry: the JVM and process figures, the proxy's
 * ({@link #proxy()}), apps' ({@link #apps()}) and recipe runs'. {@link #scrape} renders the text
 * format served at {@code /metrics}. See docs/metrics.md for every name.
 */
public final class BerthMetrics implements AutoCloseable {
    /** Prometheus' text exposition format, which {@link #scrape} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpMeters proxy = new HttpMeters();
    private final AppMeters apps = new AppMeters(registry);
    private final RecipeMeters recipes = new RecipeMeters(registry, Instant.now());

    public BerthMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new CollectorMeters().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        registry.getPrometheusRegistry().register(proxy);
    }

    /** What the proxy's connections report to. */
    public ExchangeMeters proxy() {
        return proxy;
    }

    /** What the app manager's events go to. */
    public AppEventListener apps() {
        return apps;
    }

    /** The text format, after bringing app gauges and recipe runs up to date. Reads the store: not on an event loop. */
    public String scrape(Actions actions) {
        try {
            apps.refresh(actions.apps().list());
        } catch (IllegalStateException noApps) {
            // This process runs no apps (an API without 'berth server'): no app gauges.
        }
        recipes.refresh(actions);
        return registry.scrape();
    }

    @Override
    public void close() {
        registry.close();
    }
}
