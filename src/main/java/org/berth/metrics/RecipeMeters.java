package org.berth.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.berth.actions.Actions;
import org.berth.actions.SiteSummary;
import org.berth.naming.InvalidSiteNameException;
import org.berth.store.RunRecord;

/**
 * Recipe runs' durations and results, read from the run history at scrape time: runs are recorded
 * there by whoever ran them (the server, or {@code berth update} on the command line, which shares
 * the store), so the history is the one place that sees them all. Counts runs that ended since
 * this server started.
 */
final class RecipeMeters {
    /** Enough to remember every run of a busy day; the oldest are forgotten first. */
    private static final int REMEMBERED = 10_000;

    private final MeterRegistry registry;
    private final Instant since;
    private final Set<Long> counted = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    RecipeMeters(MeterRegistry registry, Instant since) {
        this.registry = registry;
        this.since = since;
    }

    /** Counts the runs that ended since the last refresh; only sites whose latest run is new are read further. */
    synchronized void refresh(Actions actions) {
        for (SiteSummary site : actions.sites()) {
            RunRecord last = site.lastRun();
            if (last == null || counted.contains(last.id()) || !endedSinceStart(last)) {
                continue;
            }
            try {
                actions.siteHistory(site.name(), 50).stream().filter(this::endedSinceStart)
                        .filter(run -> counted.add(run.id())).forEach(this::record);
            } catch (InvalidSiteNameException e) {
                // The list holds valid names only; nothing to count for one that is not.
            }
        }
    }

    private boolean endedSinceStart(RunRecord run) {
        return run.endedAt() != null && run.startedAt() != null && !run.endedAt().isBefore(since);
    }

    private void record(RunRecord run) {
        Timer.builder("berth.recipe.duration").tag("site", run.site())
                .tag("action", run.action() == null ? run.requestedAction() : run.action())
                .tag("result", run.result() == null ? "Unknown" : run.result())
                .description("Recipe runs from start to end, by site, action and result")
                .register(registry).record(Duration.between(run.startedAt(), run.endedAt()));
    }
}
