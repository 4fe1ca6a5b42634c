package org.berth.bundle;

import java.util.List;
import java.util.Optional;
import org.berth.config.HstsSettings;

/**
 * A {@code redirect} stanza. The first action whose path equals the request path exactly (or that
 * has no path) answers; no match is a 404.
 *
 * @param status 303 unless given; a legacy {@code redirects:} entry becomes 301
 * @param hsts   berth-only {@code Strict-Transport-Security} for its hosts; empty = the global {@code hsts}
 */
public record RedirectStanza(
        List<String> hosts,
        List<RedirectAction> actions,
        int status,
        Ssl ssl,
        boolean requiresSecure,
        Optional<HstsSettings> hsts,
        int line) implements Stanza {

    public static final int DEFAULT_STATUS = 303;
    public static final int LEGACY_STATUS = 301;

    public RedirectStanza {
        hosts = Copies.list(hosts);
        actions = Copies.list(actions);
    }

    /** Without berth's {@code hsts} key: the global setting applies. */
    public RedirectStanza(List<String> hosts, List<RedirectAction> actions, int status, Ssl ssl, boolean requiresSecure,
                          int line) {
        this(hosts, actions, status, ssl, requiresSecure, Optional.empty(), line);
    }

    @Override
    public String type() {
        return "redirect";
    }
}
