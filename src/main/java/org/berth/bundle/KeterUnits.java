package org.berth.bundle;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Keter's numeric keys keep Keter's units so that bundles run unchanged: time bounds and the
 * reverse-proxy {@code timeout} in microseconds, {@code restart-delay-seconds} in seconds.
 * berth's own keys use durations with units instead ({@link Fields#duration}).
 */
final class KeterUnits {
    static final String MICROSECONDS = "a whole number of microseconds (1000000 = 1 second)";

    private KeterUnits() {
    }

    /** {@code connection-time-bound}: 0 or less means no bound in Keter; both become {@link Duration#ZERO}. */
    static Optional<Duration> timeBound(Fields fields, String key) {
        return fields.integer(key, Long.MIN_VALUE, Long.MAX_VALUE, MICROSECONDS).map(micros -> {
            if (micros < 0) {
                fields.warning(key, "a negative time bound means no bound, as 0 does");
                return Duration.ZERO;
            }
            return Duration.of(micros, ChronoUnit.MICROS);
        });
    }

    /** A microsecond key with a lower limit, e.g. {@code ensure-alive-time-bound} (Keter refuses less than 1). */
    static Optional<Duration> micros(Fields fields, String key, long min) {
        String expected = "a whole number of microseconds from " + min + " (1000000 = 1 second)";
        return fields.integer(key, min, Long.MAX_VALUE, expected).map(micros -> Duration.of(micros, ChronoUnit.MICROS));
    }

    /** A key in whole seconds, 0 or more (Keter's {@code Word}). */
    static Optional<Duration> seconds(Fields fields, String key) {
        return fields.integer(key, 0, Long.MAX_VALUE, "a whole number of seconds, 0 or more")
                .map(Duration::ofSeconds);
    }
}
