package org.berth.process;

import java.time.Duration;

/**
 * The restart history of one supervised process, applying its {@link RestartPolicy}: counts
 * exits in a row (for the backoff), quick exits in a row (for crash-loop detection) and
 * restarts made (for a limited policy). Pure logic with no clock of its own: the supervisor
 * says how long each run lasted and when a run has become stable. Not thread-safe.
 */
public final class RestartTracker {
    private final RestartPolicy policy;
    /** Exits since the last stable run; sets the backoff delay. */
    private int exitsInARow;
    /** Exits in a row that each came within stableAfter of their start. */
    private int quickExitsInARow;
    private int restarts;

    public RestartTracker(RestartPolicy policy) {
        this.policy = policy;
    }

    /** Records an exit after a run of {@code ranFor} and decides what happens next. */
    public RestartDecision onExit(Duration ranFor) {
        boolean quick = ranFor.compareTo(policy.stableAfter()) < 0;
        if (!quick) {
            onStable();
        }
        exitsInARow++;
        quickExitsInARow = quick ? quickExitsInARow + 1 : 0;
        if (!policy.allowsRestart(restarts + 1)) {
            return new RestartDecision.GiveUp(restarts);
        }
        restarts++;
        return new RestartDecision.Restart(policy.delayAfter(exitsInARow), restarts, crashLooping());
    }

    /** The current run has lasted {@code stableAfter}: the backoff starts over and a crash loop is over. */
    public void onStable() {
        exitsInARow = 0;
        quickExitsInARow = 0;
    }

    public boolean crashLooping() {
        return quickExitsInARow >= RestartPolicy.CRASH_LOOP_EXITS;
    }

    /** Restarts granted so far. */
    public int restarts() {
        return restarts;
    }

    public RestartPolicy policy() {
        return policy;
    }
}
