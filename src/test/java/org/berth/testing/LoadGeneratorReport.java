package org.berth.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.berth.testing.LoadGeneratorOutcome.Failure;
import org.berth.testing.LoadGeneratorPlan.Connection;
import org.berth.testing.LoadGeneratorPlan.Kind;

/**
 * The result of a load run: every request's outcome, and the usual views of them (totals,
 * failures with reasons, the versions that answered, counts and latencies per kind).
 * {@link #summary()} is meant for assertion messages:
 *
 * <pre>{@code
 * assertThat(report.failed()).as(report.summary()).isZero();
 * assertThat(report.versions().keySet()).as(report.summary()).isSubsetOf("v1", "v2");
 * }</pre>
 */
public final class LoadGeneratorReport {
    /** How many failures {@link #summary()} spells out. */
    private static final int FAILURES_SHOWN = 10;

    private final List<LoadGeneratorOutcome> outcomes;
    private final Duration elapsed;

    /** Per request kind: how many, how many failed, and latency percentiles of all of them. */
    public record KindStats(long requests, long failures, Duration p50, Duration p99, Duration max) {
    }

    public LoadGeneratorReport(List<LoadGeneratorOutcome> outcomes, Duration elapsed) {
        List<LoadGeneratorOutcome> sorted = new ArrayList<>(outcomes);
        sorted.sort(Comparator.comparingLong(LoadGeneratorOutcome::startedNanos));
        this.outcomes = Collections.unmodifiableList(sorted);
        this.elapsed = elapsed;
    }

    /** Every request, in the order they were sent. */
    public List<LoadGeneratorOutcome> outcomes() {
        return outcomes;
    }

    /** From the first request to the last answer. */
    public Duration elapsed() {
        return elapsed;
    }

    public long total() {
        return outcomes.size();
    }

    public long succeeded() {
        return count(LoadGeneratorOutcome::succeeded);
    }

    public long failed() {
        return total() - succeeded();
    }

    public List<LoadGeneratorOutcome> failures() {
        return outcomes.stream().filter(outcome -> !outcome.succeeded()).toList();
    }

    /** How often each failure happened (only those that did). */
    public Map<Failure, Long> failureCounts() {
        Map<Failure, Long> counts = new EnumMap<>(Failure.class);
        failures().forEach(outcome -> counts.merge(outcome.failure(), 1L, Long::sum));
        return counts;
    }

    /** The versions that answered with 200, with how many answers each, sorted by version. */
    public Map<String, Long> versions() {
        return outcomes.stream().filter(LoadGeneratorOutcome::succeeded)
                .collect(Collectors.groupingBy(LoadGeneratorOutcome::version, TreeMap::new, Collectors.counting()));
    }

    public Map<Kind, KindStats> byKind() {
        Map<Kind, KindStats> stats = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            List<LoadGeneratorOutcome> ofKind = outcomes.stream().filter(outcome -> outcome.kind() == kind).toList();
            if (!ofKind.isEmpty()) {
                stats.put(kind, stats(ofKind));
            }
        }
        return stats;
    }

    public long count(Kind kind) {
        return count(outcome -> outcome.kind() == kind);
    }

    public long count(Connection connection) {
        return count(outcome -> outcome.connection() == connection);
    }

    /** Requests sent on a keep-alive connection that had already answered one. */
    public long reusedConnections() {
        return count(LoadGeneratorOutcome::reused);
    }

    public long count(Predicate<LoadGeneratorOutcome> which) {
        return outcomes.stream().filter(which).count();
    }

    public double requestsPerSecond() {
        return elapsed.isZero() ? 0 : total() / (elapsed.toNanos() / 1e9);
    }

    /** One paragraph: totals, failure reasons, versions, per-kind figures and the first failures. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%d requests in %.1f s (%.0f/s): %d ok, %d failed",
                total(), elapsed.toNanos() / 1e9, requestsPerSecond(), succeeded(), failed()));
        if (failed() > 0) {
            text.append(' ').append(failureCounts());
        }
        text.append("; versions ").append(versions());
        text.append("; keep-alive ").append(count(Connection.KEEP_ALIVE)).append(" (")
                .append(reusedConnections()).append(" on reused connections), new-connection ")
                .append(count(Connection.NEW_PER_REQUEST));
        Map<Kind, KindStats> kinds = new LinkedHashMap<>(byKind());
        kinds.forEach((kind, stats) -> text.append(String.format(Locale.ROOT,
                "; %s %d (%d failed, p50 %.1f ms, p99 %.1f ms, max %.1f ms)", kind.name().toLowerCase(Locale.ROOT),
                stats.requests(), stats.failures(), millis(stats.p50()), millis(stats.p99()), millis(stats.max()))));
        List<LoadGeneratorOutcome> failures = failures();
        if (!failures.isEmpty()) {
            text.append("\nfirst failures:");
            failures.stream().limit(FAILURES_SHOWN).forEach(outcome -> text.append("\n  ").append(outcome));
            if (failures.size() > FAILURES_SHOWN) {
                text.append("\n  … and ").append(failures.size() - FAILURES_SHOWN).append(" more");
            }
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return summary();
    }

    private static KindStats stats(List<LoadGeneratorOutcome> outcomes) {
        long[] latencies = outcomes.stream().mapToLong(LoadGeneratorOutcome::latencyNanos).sorted().toArray();
        long failures = outcomes.stream().filter(outcome -> !outcome.succeeded()).count();
        return new KindStats(outcomes.size(), failures, Duration.ofNanos(percentile(latencies, 0.50)),
                Duration.ofNanos(percentile(latencies, 0.99)), Duration.ofNanos(latencies[latencies.length - 1]));
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
