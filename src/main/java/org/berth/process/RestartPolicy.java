package org.berth.process;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * When a supervised process that exited is started again. Every exit counts, a clean one
 * too: a web process or a background worker that is not running is down either way.
 *
 * <ul>
 *   <li>{@link Backoff} — berth's default for web processes: restart forever, the delay
 *       growing with each exit in a row, reset once a run lasted {@code stableAfter}.</li>
 *   <li>{@link Limited} — Keter's {@code background} stanza: {@code restart-count} restarts
 *       ({@code unlimited} or N), each after a flat {@code restart-delay-seconds}.</li>
 * </ul>
 *
 * Either way, {@link #CRASH_LOOP_EXITS} exits in a row, each within {@link #stableAfter()} of
 * its start, mark the process as crash-looping until a run lasts that long.
 */
public sealed interface RestartPolicy {
    Duration DEFAULT_STABLE_AFTER = Duration.ofSeconds(60);
    int CRASH_LOOP_EXITS = 3;

    /** How long a run must last to count as stable: it resets the backoff and ends a crash loop. */
    Duration stableAfter();

    /** The delay before the next start, given how many exits in a row there have been (≥ 1). */
    Duration delayAfter(int exitsInARow);

    /** Whether restart number {@code restart} (1 for the first) is still allowed. */
    boolean allowsRestart(int restart);

    /** Restart forever with exponentially growing delays: initial, initial × factor, … up to max. */
    record Backoff(Duration initial, Duration max, double factor, Duration stableAfter) implements RestartPolicy {
        public static final Backoff DEFAULT =
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 2, DEFAULT_STABLE_AFTER);

        public Backoff {
            if (initial.isNegative() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff: need 0 ≤ initial ≤ max, got " + initial + " and " + max);
            }
            if (!(factor >= 1) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("backoff: the factor must be at least 1, got " + factor);
            }
            if (stableAfter.isNegative() || stableAfter.isZero()) {
                throw new IllegalArgumentException("backoff: stableAfter must be positive, got " + stableAfter);
            }
        }

        @Override
        public Duration delayAfter(int exitsInARow) {
            double nanos = initial.toNanos() * Math.pow(factor, Math.max(0, exitsInARow - 1));
            // Compared in double first: the power overflows long long before it reaches the cap.
            return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
        }

        @Override
        public boolean allowsRestart(int restart) {
            return true;
        }
    }

    /**
     * Keter's background semantics: at most {@code maxRestarts} restarts in the process's
     * life (empty = unlimited; never reset), each after {@code delay}.
     */
    record Limited(OptionalInt maxRestarts, Duration delay) implements RestartPolicy {
        /** Keter's {@code restart-delay-seconds} default. */
        public static final Duration KETER_RESTART_DELAY = Duration.ofSeconds(5);

        public Limited {
            if (maxRestarts.isPresent() && maxRestarts.getAsInt() < 0) {
                throw new IllegalArgumentException("restart-count must not be negative, got " + maxRestarts.getAsInt());
            }
            if (delay.isNegative()) {
                throw new IllegalArgumentException("restart-delay-seconds must not be negative, got " + delay);
            }
        }

        public static Limited times(int maxRestarts, Duration delay) {
            return new Limited(OptionalInt.of(maxRestarts), delay);
        }

        public static Limited unlimited(Duration delay) {
            return new Limited(OptionalInt.empty(), delay);
        }

        @Override
        public Duration stableAfter() {
            return DEFAULT_STABLE_AFTER;
        }

        @Override
        public Duration delayAfter(int exitsInARow) {
            return delay;
        }

        @Override
        public boolean allowsRestart(int restart) {
            return maxRestarts.isEmpty() || restart <= maxRestarts.getAsInt();
        }
    }
}
