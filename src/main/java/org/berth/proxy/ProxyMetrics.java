package org.berth.proxy;

/**
 * Where the proxy's connections find the {@link ExchangeMeters} of this process. A process-wide
 * setting, installed once by {@code berth server} before the proxy starts, rather than one more
 * argument through every proxy constructor; without it connections carry no metrics handler at all.
 */
public final class ProxyMetrics {
    private static volatile ExchangeMeters installed;

    private ProxyMetrics() {
    }

    public static void install(ExchangeMeters meters) {
        installed = meters;
    }

    /** The installed meters, or null when metrics are off. */
    static ExchangeMeters installed() {
        return installed;
    }
}
