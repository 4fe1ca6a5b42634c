package org.berth.actions;

import java.nio.file.Path;
import org.berth.store.RunRecord;

/** A site as listed by {@code berth site list} and {@code GET /api/v1/sites}. */
public record SiteSummary(String name, boolean present, Path path, RunRecord lastRun) {
}
