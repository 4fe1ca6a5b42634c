package org.berth.bundle;

import java.util.OptionalInt;

/**
 * How often a background process is restarted: {@code unlimited} (Keter's default) or at most N times.
 *
 * @param limit empty = unlimited
 */
public record RestartCount(OptionalInt limit) {
    public static final RestartCount UNLIMITED = new RestartCount(OptionalInt.empty());

    public static RestartCount limited(int times) {
        if (times < 0) {
            throw new IllegalArgumentException("a restart count cannot be negative: " + times);
        }
        return new RestartCount(OptionalInt.of(times));
    }

    public boolean unlimited() {
        return limit.isEmpty();
    }

    @Override
    public String toString() {
        return unlimited() ? "unlimited" : Integer.toString(limit.getAsInt());
    }
}
