package org.berth.site;

/**
 * An action that could not run at all (no recipe was started): an invalid name, a site path
 * the template cannot build. The message is Alkane's:
 * {@code Can't run deployment action '<action>' for site '<site>': <reason>}.
 */
public final class SiteActionException extends Exception {
    private final String reason;

    public SiteActionException(String action, String site, String reason) {
        super("Can't run deployment action '" + action + "' for site '" + printable(site) + "': " + reason);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    /** Shows a hostile name safely: control characters escaped, length bounded. */
    static String printable(String raw) {
        StringBuilder text = new StringBuilder();
        int i = 0;
        for (; i < raw.length() && text.length() < 120; i++) {
            char c = raw.charAt(i);
            if (c < 32 || c == 127) {
                text.append(String.format("\\x%02x", (int) c));
            } else {
                text.append(c);
            }
        }
        if (i < raw.length()) {
            text.append('…');
        }
        return text.toString();
    }
}
