package org.berth.store;

import java.time.Instant;

/**
 * One recorded site action. Nullable fields are null until the run gets there:
 * {@code action}, {@code startedAt} once the lock is held; {@code endedAt}, {@code result},
 * {@code exitStatus} once it ends ({@code exitStatus} stays null when no process exited by itself).
 * {@code ownerPid} is the berth process (server or CLI) that runs it.
 */
public record RunRecord(
        long id,
        String site,
        String requestedAction,
        String action,
        String trigger,
        String caller,
        long contextSize,
        String artifact,
        Instant requestedAt,
        Instant startedAt,
        Instant endedAt,
        RunState state,
        String result,
        Integer exitStatus,
        String output,
        boolean outputTruncated,
        long ownerPid) {
}
