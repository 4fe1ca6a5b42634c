package org.berth.incoming;

import java.nio.file.Path;

/**
 * The bundle itself is unacceptable: unsafe, over a limit, truncated or not a gzipped tar. The
 * message is for the operator and names the bundle, the entry (when one is to blame) and the
 * rule. Problems with our own disk stay {@link java.io.IOException}s, so callers can tell "fix
 * the bundle" from "fix the server".
 */
public final class BundleRejectedException extends Exception {
    private static final int MAX_SHOWN_CHARS = 200;

    private final transient Path bundle;
    private final String entry;
    private final String reason;

    public BundleRejectedException(Path bundle, String entry, String reason) {
        super(compose(bundle, entry, reason));
        this.bundle = bundle;
        this.entry = entry;
        this.reason = reason;
    }

    /** The bundle file that was refused. */
    public Path bundle() {
        return bundle;
    }

    /** The archive entry to blame as the archive spells it, or null when the whole bundle is. */
    public String entry() {
        return entry;
    }

    /** The rule that was broken, without the bundle and entry names. */
    public String reason() {
        return reason;
    }

    private static String compose(Path bundle, String entry, String reason) {
        String where = entry == null ? "" : "entry " + shown(entry) + ": ";
        return "bundle " + shown(String.valueOf(bundle.getFileName())) + " refused: " + where + reason;
    }

    /**
     * Quotes a name from the archive for a log line or a terminal: control characters could
     * forge log lines or move the cursor, and a 4 KiB name helps nobody.
     */
    static String shown(String name) {
        StringBuilder out = new StringBuilder("'");
        name.codePoints().limit(MAX_SHOWN_CHARS).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        if (name.codePointCount(0, name.length()) > MAX_SHOWN_CHARS) {
            out.append('…');
        }
        return out.append('\'').toString();
    }
}
