package org.berth.bundle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads a {@code static-files} stanza. */
final class StaticFilesReader {
    private StaticFilesReader() {
    }

    static Optional<ReadStanza> read(Fields fields, boolean requiresSecure, Path configDir) {
        int errors = fields.errorCount();
        Optional<Path> root = BundlePaths.read(fields, "root", configDir, "the directory to serve");
        Optional<HostList> hosts = HostsReader.listFirst(fields);
        boolean listing = fields.bool("directory-listing").orElse(false);
        Ssl ssl = SslReader.read(fields, configDir);
        Optional<org.berth.config.HstsSettings> hsts = HstsReader.read(fields);
        List<Middleware> middleware = MiddlewareReader.read(fields);
        Optional<Duration> timeBound = KeterUnits.timeBound(fields, "connection-time-bound");
        if (fields.errorCount() > errors) {
            return Optional.empty();
        }
        warnIfNoHosts(fields, hosts.orElseThrow());
        StaticFilesStanza stanza = new StaticFilesStanza(root.orElseThrow(), hosts.get().hosts(), listing, ssl,
                requiresSecure, middleware, timeBound, hsts, fields.line());
        return Optional.of(new ReadStanza(stanza, hosts.get()));
    }

    /** Keter allows an empty host list; such a stanza can never answer, which is worth saying. */
    static void warnIfNoHosts(Fields fields, HostList hosts) {
        if (hosts.hosts().isEmpty()) {
            fields.warning(hosts.line(), hosts.key(), "no hosts: this stanza never answers a request");
        }
    }
}
