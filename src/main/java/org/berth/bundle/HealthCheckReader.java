package org.berth.bundle;

import java.time.Duration;
import java.util.Optional;

/** Reads berth's {@code health-check:} mapping of a webapp stanza; Keter ignores the key. */
final class HealthCheckReader {
    private HealthCheckReader() {
    }

    /** @param ensureAlive the stanza's start bound, the default for {@code start-timeout} */
    static Optional<HealthCheck> read(Fields stanza, Duration ensureAlive) {
        return stanza.mapping("health-check").flatMap(check -> {
            int errors = check.errorCount();
            Optional<String> path = path(check);
            int status = check.integer("expected-status", 100, 599).map(Long::intValue)
                    .orElse(HealthCheck.DEFAULT_EXPECTED_STATUS);
            Optional<String> host = check.text("host").map(HostNames::normalize);
            Duration interval = positive(check, "interval").orElse(HealthCheck.DEFAULT_INTERVAL);
            Duration timeout = positive(check, "timeout").orElse(HealthCheck.DEFAULT_TIMEOUT);
            Duration startTimeout = positive(check, "start-timeout").orElse(ensureAlive);
            check.warnUnread("in health-check");
            if (check.errorCount() > errors) {
                return Optional.empty();
            }
            return Optional.of(new HealthCheck(path.orElseThrow(), status, host, interval, timeout, startTimeout));
        });
    }

    private static Optional<String> path(Fields check) {
        String expected = "a request path starting with /";
        return check.requiredText("path", expected).filter(path -> {
            if (!path.startsWith("/")) {
                check.error("path", "expected " + expected + ", found \"" + path + "\"");
            }
            return path.startsWith("/");
        });
    }

    private static Optional<Duration> positive(Fields check, String key) {
        return check.duration(key).filter(duration -> {
            if (duration.isZero()) {
                check.error(key, "expected a duration above zero, like 1s; found 0");
            }
            return !duration.isZero();
        });
    }
}
