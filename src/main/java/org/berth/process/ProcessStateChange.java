package org.berth.process;

/**
 * A supervised process changed state. {@code from == to == RUNNING} is reported once when a
 * crash-looping process has run for {@code stableAfter}: it is no longer crash-looping.
 *
 * @param reason what happened, for people: "exited with status 1 after 0.2 s; restart in 4 s"
 */
public record ProcessStateChange(ProcessState from, ProcessState to, ProcessSnapshot snapshot, String reason) {
    public String label() {
        return snapshot.label();
    }
}
