package org.berth.auth;

import org.berth.site.Trigger;

/**
 * The answer to "may this caller do this?". When allowed, it names the caller (for the history)
 * and how they came (http or webhook); when not, the HTTP status (401 or 403) and a message
 * that says what to fix without revealing any secret.
 */
public record Decision(Verdict verdict, Trigger trigger, String caller, String message) {

    public enum Verdict { ALLOWED, UNAUTHENTICATED, FORBIDDEN }

    static Decision allowed(Trigger trigger, String caller) {
        return new Decision(Verdict.ALLOWED, trigger, caller, "");
    }

    static Decision unauthenticated(String message) {
        return new Decision(Verdict.UNAUTHENTICATED, null, null, message);
    }

    static Decision forbidden(String message) {
        return new Decision(Verdict.FORBIDDEN, null, null, message);
    }

    public boolean isAllowed() {
        return verdict == Verdict.ALLOWED;
    }

    public int httpStatus() {
        return switch (verdict) {
            case ALLOWED -> 200;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
        };
    }
}
