package org.berth.store;

import java.time.Instant;

/**
 * One attempt to put a release in service. {@code outcome}: deploying, serving, replaced (a later
 * deployment took over), failed (the old release kept serving), superseded (a newer request came
 * first), stopped (the app was removed); {@code message} says why for failures.
 */
public record DeploymentRecord(long id, String app, long releaseId, String trigger, String caller, Instant startedAt,
                               Instant endedAt, String outcome, String message) {
}
