package org.berth.naming;

/** A site name that failed validation; the message says which rule it broke. */
public final class InvalidSiteNameException extends IllegalArgumentException {
    private final String rawName;
    private final String reason;

    public InvalidSiteNameException(String rawName, String reason) {
        super("invalid site name: " + reason);
        this.rawName = rawName;
        this.reason = reason;
    }

    public String rawName() {
        return rawName;
    }

    public String reason() {
        return reason;
    }
}
