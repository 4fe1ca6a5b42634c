package org.berth.plugin.postgres;

/**
 * A database for an app could not be prepared or dropped. The message is one sentence an operator
 * can act on, naming the server ({@code 'main' (127.0.0.1:5432)}) and the reason; it never holds a
 * password, so it may be logged and shown by the API as it is.
 */
public final class DatabaseException extends Exception {
    public DatabaseException(String message) {
        super(message);
    }

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
