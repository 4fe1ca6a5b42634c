package org.berth.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.berth.store.RunRecord;

/** Formats runs for the terminal: local times and durations a person reads at a glance. */
final class RunTable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private RunTable() {
    }

    static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }

    static String duration(RunRecord run) {
        if (run.startedAt() == null || run.endedAt() == null) {
            return "-";
        }
        Duration elapsed = Duration.between(run.startedAt(), run.endedAt());
        return elapsed.toMillis() < 10_000 ? elapsed.toMillis() + "ms" : elapsed.toSeconds() + "s";
    }

    static String result(RunRecord run) {
        return run.result() != null ? run.result() : run.state().label();
    }
}
