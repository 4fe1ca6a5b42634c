package org.berth.process;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A supervised process at one moment, for the app lifecycle, the API and metrics.
 *
 * @param since         when the process entered {@code state}
 * @param pid           the running process (also its process group id)
 * @param restarts      restarts made so far
 * @param lastExit      the exit status of the last run (128 + n after signal n)
 * @param nextRestartAt when a waiting process will be started again
 * @param crashLooping  true from the third quick exit in a row until a run lasts {@code stableAfter}
 * @param startedAt     when the current run started
 */
public record ProcessSnapshot(String label, ProcessState state, Instant since, OptionalLong pid, int restarts,
                              OptionalInt lastExit, Optional<Instant> nextRestartAt, boolean crashLooping,
                              Optional<Instant> startedAt) {
}
