package org.berth.bundle;

import java.util.List;

/**
 * A {@code redirect} stanza. The first action whose path equals the request path exactly (or that
 * has no path) answers; no match is a 404.
 *
 * @param status 303 unless given; a legacy {@code redirects:} entry becomes 301
 */
public record RedirectStanza(
        List<String> hosts,
        List<RedirectAction> actions,
        int status,
        Ssl ssl,
        boolean requiresSecure,
        int line) implements Stanza {

    public static final int DEFAULT_STATUS = 303;
    public static final int LEGACY_STATUS = 301;

    public RedirectStanza {
        hosts = Copies.list(hosts);
        actions = Copies.list(actions);
    }

    @Override
    public String type() {
        return "redirect";
    }
}
