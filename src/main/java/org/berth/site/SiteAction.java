package org.berth.site;

import java.util.Locale;

/** What a caller asks for: {@code init}, {@code update}, or {@code deploy} (= init if new, else update). */
public enum SiteAction {
    INIT, UPDATE, DEPLOY;

    /** The recipe file name: {@code init} or {@code update}. */
    public String recipeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SiteAction parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
