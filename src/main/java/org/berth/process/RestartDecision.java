package org.berth.process;

import java.time.Duration;

/** What to do after a supervised process exited. */
public sealed interface RestartDecision {

    /** Start it again after {@code delay}; {@code crashLooping} when it keeps dying young. */
    record Restart(Duration delay, int restart, boolean crashLooping) implements RestartDecision {
    }

    /** The policy allows no more restarts ({@code restarts} were made). */
    record GiveUp(int restarts) implements RestartDecision {
    }
}
