package org.berth.process;

/**
 * Told about every state change of a supervised process, in order, on a thread of the
 * process's own (never under its lock), so it may query the process or even stop it.
 */
@FunctionalInterface
public interface ProcessStateListener {
    ProcessStateListener NONE = change -> { };

    void changed(ProcessStateChange change);
}
