package org.berth.bundle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.berth.config.HstsSettings;

/**
 * A {@code static-files} stanza: files under {@code root} served for its hosts.
 *
 * @param root                resolved against the bundle's {@code config/} directory
 * @param hosts               lower-cased; may be empty (Keter allows it; it then serves nothing)
 * @param connectionTimeBound as in {@link WebAppStanza#connectionTimeBound()}
 * @param hsts                berth-only {@code Strict-Transport-Security} for its hosts; empty = the global {@code hsts}
 */
public record StaticFilesStanza(
        Path root,
        List<String> hosts,
        boolean directoryListing,
        Ssl ssl,
        boolean requiresSecure,
        List<Middleware> middleware,
        Optional<Duration> connectionTimeBound,
        Optional<HstsSettings> hsts,
        int line) implements Stanza {

    public StaticFilesStanza {
        hosts = Copies.list(hosts);
        middleware = Copies.list(middleware);
    }

    /** Without berth's {@code hsts} key: the global setting applies. */
    public StaticFilesStanza(Path root, List<String> hosts, boolean directoryListing, Ssl ssl, boolean requiresSecure,
                             List<Middleware> middleware, Optional<Duration> connectionTimeBound, int line) {
        this(root, hosts, directoryListing, ssl, requiresSecure, middleware, connectionTimeBound, Optional.empty(), line);
    }

    @Override
    public String type() {
        return "static-files";
    }
}
