package org.berth.bundle;

import java.time.Duration;
import java.util.Optional;

/**
 * berth-only {@code health-check:} of a webapp stanza: an HTTP readiness probe used instead of
 * Keter's TCP connect.
 *
 * @param path           request path, starting with {@code /}
 * @param expectedStatus the status that means healthy (200)
 * @param host           Host header to send; empty = the stanza's approot host
 * @param interval       pause between probes (1s)
 * @param timeout        longest wait for one probe's answer (5s)
 * @param startTimeout   how long a new process may take to become healthy; defaults to the
 *                       stanza's {@code ensure-alive-time-bound} (90 s)
 */
public record HealthCheck(
        String path,
        int expectedStatus,
        Optional<String> host,
        Duration interval,
        Duration timeout,
        Duration startTimeout) {

    public static final int DEFAULT_EXPECTED_STATUS = 200;
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
}
