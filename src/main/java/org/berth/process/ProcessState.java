package org.berth.process;

import java.util.Locale;

/**
 * Where a supervised process is.
 *
 * <pre>
 *  STARTING → RUNNING ──exit──→ BACKING_OFF ──delay──→ STARTING …
 *     │          │        ├───→ CRASH_LOOPING ─delay─→ STARTING …  (≥ 3 quick exits in a row)
 *     │          │        ├───→ FAILED     (the policy gave up after a failing exit)
 *     │          │        └───→ FINISHED   (the policy gave up after exit status 0)
 *     └──────────┴── stop() from any state ──→ STOPPING → STOPPED
 * </pre>
 *
 * A stop while no process runs (waiting, failed, finished) goes straight to STOPPED.
 */
public enum ProcessState {
    STARTING,
    RUNNING,
    /** Exited; waiting to be started again. */
    BACKING_OFF,
    /** Exited quickly several times in a row; still waiting to be started again. */
    CRASH_LOOPING,
    STOPPING,
    /** Stopped by berth; final. */
    STOPPED,
    /** Exited with a failure and the policy allows no more restarts; final until stopped. */
    FAILED,
    /**
     * Exited with status 0 and the policy allows no more restarts — a background task with
     * {@code restart-count: 0} that ran to completion; final until stopped.
     */
    FINISHED;

    /** No process is running and none will be started. */
    public boolean isFinal() {
        return this == STOPPED || this == FAILED || this == FINISHED;
    }

    /** Waiting for the delay before the next start. */
    public boolean isWaiting() {
        return this == BACKING_OFF || this == CRASH_LOOPING;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
