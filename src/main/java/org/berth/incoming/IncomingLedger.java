package org.berth.incoming;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watcher's memory: per app, which bundle version was last reported and which one is
 * settling. From successive listings it decides when a bundle is complete — the same size,
 * mtime and inode for the whole settle delay, and gzip data that ends properly — and which
 * events that makes. A version is checked once; an unchanged file never causes anything
 * again. Used by the watcher's scan thread only.
 */
final class IncomingLedger {
    private static final Logger log = LoggerFactory.getLogger(IncomingLedger.class);

    /** What a scan found out. */
    sealed interface Event permits Ready, Removed {}

    record Ready(IncomingBundle bundle) implements Event {}

    record Removed(String appName) implements Event {}

    /**
     * @param nextLook when (System.nanoTime) a settling bundle needs another look; empty when
     *     none is settling
     */
    record Outcome(List<Event> events, OptionalLong nextLook) {}

    /** One app's bundle as far as the ledger knows. */
    private static final class Track {
        FileVersion reported;
        FileVersion settling;
        long settlingSince;
        /** A settled version that failed the gzip check; looked at again only once it changes. */
        FileVersion failed;
    }

    private final long settleNanos;
    private final Map<String, Track> tracks = new HashMap<>();

    IncomingLedger(Duration settleDelay) {
        this.settleNanos = settleDelay.toNanos();
    }

    Outcome update(Map<String, FileVersion> listing, long now) {
        List<Event> events = new ArrayList<>();
        OptionalLong nextLook = OptionalLong.empty();
        for (Map.Entry<String, FileVersion> bundle : listing.entrySet()) {
            Track track = tracks.computeIfAbsent(bundle.getKey(), app -> new Track());
            OptionalLong look = consider(bundle.getKey(), track, bundle.getValue(), now, events);
            if (look.isPresent() && (nextLook.isEmpty() || look.getAsLong() - nextLook.getAsLong() < 0)) {
                nextLook = look;
            }
        }
        forgetRemoved(listing, events);
        return new Outcome(events, nextLook);
    }

    /** Moves one app's bundle along; returns when it needs another look, if it does. */
    private OptionalLong consider(String app, Track track, FileVersion version, long now, List<Event> events) {
        if (version.equals(track.reported) || version.equals(track.failed)) {
            return OptionalLong.empty();
        }
        if (!version.equals(track.settling)) {
            track.settling = version;
            track.settlingSince = now;
            return OptionalLong.of(now + settleNanos);
        }
        if (now - track.settlingSince < settleNanos) {
            return OptionalLong.of(track.settlingSince + settleNanos);
        }
        return verify(app, track, version, now, events);
    }

    private OptionalLong verify(String app, Track track, FileVersion version, long now, List<Event> events) {
        GzipCompleteness.Verdict verdict;
        FileVersion after;
        try {
            verdict = GzipCompleteness.check(version.file());
            after = FileVersion.of(version.file());
        } catch (IOException e) {
            log.debug("app {}: could not check {} yet: {}", app, version.file(), e.toString());
            return OptionalLong.of(now + settleNanos);
        }
        if (!version.equals(after)) {
            // Written to while we read it: what we checked is already out of date.
            track.settling = after;
            track.settlingSince = now;
            return OptionalLong.of(now + settleNanos);
        }
        track.settling = null;
        switch (verdict.state()) {
            case COMPLETE -> {
                track.reported = version;
                track.failed = null;
                log.info("app {}: bundle {} is ready ({} bytes)", app, version.file(), version.size());
                events.add(new Ready(version.toBundle(app)));
            }
            case TRUNCATED -> {
                track.failed = version;
                log.info("app {}: bundle {} is incomplete ({}); waiting for the rest of it", app, version.file(),
                        verdict.detail());
            }
            case CORRUPT -> {
                track.failed = version;
                log.warn("app {}: bundle {} cannot be loaded: not a complete gzip file ({}); it will be looked at"
                        + " again when it changes", app, version.file(), verdict.detail());
            }
        }
        return OptionalLong.empty();
    }

    private void forgetRemoved(Map<String, FileVersion> listing, List<Event> events) {
        for (Iterator<Map.Entry<String, Track>> it = tracks.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Track> entry = it.next();
            if (listing.containsKey(entry.getKey())) {
                continue;
            }
            it.remove();
            FileVersion reported = entry.getValue().reported;
            if (reported != null) {
                log.info("app {}: bundle {} was removed", entry.getKey(), reported.file());
                events.add(new Removed(entry.getKey()));
            }
        }
    }
}
