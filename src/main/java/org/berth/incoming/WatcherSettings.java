package org.berth.incoming;

import java.time.Duration;

/**
 * How {@link IncomingWatcher} decides when to look.
 *
 * @param settleDelay how long a bundle's size and mtime must stay the same before it is
 *     checked and loaded; longer than the pauses of a copy that is still writing
 * @param rescanInterval how often the folder is listed even without a file-system event, as a
 *     safety net for events the OS drops (overflow, network file systems)
 * @param useWatchService false relies on rescans alone (tests; file systems without inotify)
 */
public record WatcherSettings(Duration settleDelay, Duration rescanInterval, boolean useWatchService) {
    public static final WatcherSettings DEFAULTS = new WatcherSettings(Duration.ofMillis(500), Duration.ofSeconds(5), true);

    public WatcherSettings {
        if (settleDelay.isNegative()) {
            throw new IllegalArgumentException("settle delay must not be negative, got " + settleDelay);
        }
        if (rescanInterval.isNegative() || rescanInterval.isZero()) {
            throw new IllegalArgumentException("rescan interval must be positive, got " + rescanInterval);
        }
    }

    public WatcherSettings withSettleDelay(Duration delay) {
        return new WatcherSettings(delay, rescanInterval, useWatchService);
    }

    public WatcherSettings withRescanInterval(Duration interval) {
        return new WatcherSettings(settleDelay, interval, useWatchService);
    }

    public WatcherSettings withWatchService(boolean use) {
        return new WatcherSettings(settleDelay, rescanInterval, use);
    }
}
