package org.berth.config;

import java.time.Duration;
import java.util.List;

/**
 * How berth runs webapps and proxies to them, from its own {@code apps:} block (Keter has these as constants
 * or not at all).
 *
 * @param portRange        ports handed to app processes ({@code port-range})
 * @param startTimeout     how long a new version may take to answer its first health check ({@code start-timeout})
 * @param healthTimeout    how long one health-check request may take ({@code health-timeout})
 * @param drainTimeout     the longest wait between the switch and TERM to the old version
 *                         ({@code drain-timeout}, or Keter's {@code graceful-drain-micros})
 * @param stopTimeout      TERM to KILL ({@code stop-timeout})
 * @param bundleSizeLimit  largest unpacked bundle, in bytes ({@code bundle-size-limit})
 * @param bundleEntryLimit most files and folders in a bundle ({@code bundle-entry-limit})
 * @param keepReleases     unpacked releases kept per app for rollback, the serving one included ({@code keep-releases})
 * @param rescanInterval   how often {@code incoming/} is rescanned, besides file-system events ({@code rescan-interval})
 * @param trustedProxies   peers whose forwarding headers are believed ({@code trusted-proxies})
 * @param connectTimeout   the proxy's longest TCP connect to an app or upstream ({@code connect-timeout})
 * @param idleTimeout      the proxy closes a connection on which no byte moved either way for this long
 *                         ({@code idle-timeout}); websockets are exempt
 */
public record AppPolicy(
        PortRange portRange,
        Duration startTimeout,
        Duration healthTimeout,
        Duration drainTimeout,
        Duration stopTimeout,
        long bundleSizeLimit,
        int bundleEntryLimit,
        int keepReleases,
        Duration rescanInterval,
        List<CidrBlock> trustedProxies,
        Duration connectTimeout,
        Duration idleTimeout) {

    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
    public static final long DEFAULT_BUNDLE_SIZE_LIMIT = 1024L * 1024 * 1024;
    public static final int DEFAULT_BUNDLE_ENTRY_LIMIT = 100_000;
    public static final int DEFAULT_KEEP_RELEASES = 5;
    public static final Duration DEFAULT_RESCAN_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    public static final AppPolicy DEFAULTS = new AppPolicy(PortRange.KETER_DEFAULT, DEFAULT_START_TIMEOUT,
            DEFAULT_HEALTH_TIMEOUT, DEFAULT_DRAIN_TIMEOUT, DEFAULT_STOP_TIMEOUT, DEFAULT_BUNDLE_SIZE_LIMIT,
            DEFAULT_BUNDLE_ENTRY_LIMIT, DEFAULT_KEEP_RELEASES, DEFAULT_RESCAN_INTERVAL, List.of(),
            DEFAULT_CONNECT_TIMEOUT, DEFAULT_IDLE_TIMEOUT);

    public AppPolicy {
        trustedProxies = List.copyOf(trustedProxies);
    }
}
