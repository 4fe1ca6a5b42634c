package org.berth.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Garbage collections and the time they took, per collector, read from the JVM when scraped.
 * Used instead of Micrometer's {@code JvmGcMetrics}, which listens for a notification after every
 * collection: the proxy's young collections come dozens of times a second under load, and
 * handling those notifications took about 3% of berth's CPU (docs/benchmarks.md).
 */
final class CollectorMeters implements MeterBinder {
    @Override
    public void bindTo(MeterRegistry registry) {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            FunctionCounter.builder("jvm.gc.collections", collector, GarbageCollectorMXBean::getCollectionCount)
                    .tag("gc", collector.getName()).description("Collections run by this collector")
                    .register(registry);
            FunctionCounter.builder("jvm.gc.collection.time", collector, bean -> bean.getCollectionTime() / 1000.0)
                    .tag("gc", collector.getName()).baseUnit("seconds")
                    .description("Time spent in this collector's collections").register(registry);
        }
    }
}
