package org.berth.app;

/** A release could not be put in service; the message says which step failed and why. */
public final class LaunchException extends Exception {
    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
