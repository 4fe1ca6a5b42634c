package org.berth.store;

/** Where a recorded run is: waiting for its site's lock, running, or over. */
public enum RunState {
    QUEUED, RUNNING, FINISHED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
