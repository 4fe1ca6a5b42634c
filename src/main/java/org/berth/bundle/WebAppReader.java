package org.berth.bundle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads a {@code webapp} stanza: Keter's keys plus berth's {@code health-check} and {@code stop-timeout}. */
final class WebAppReader {
    private WebAppReader() {
    }

    static Optional<ReadStanza> read(Fields fields, boolean requiresSecure, Path configDir) {
        int errors = fields.errorCount();
        Optional<ProcessSpec> process = ProcessSpec.read(fields, configDir);
        Optional<HostList> hosts = HostsReader.webApp(fields);
        Ssl ssl = SslReader.read(fields, configDir);
        Optional<Duration> timeBound = KeterUnits.timeBound(fields, "connection-time-bound");
        // Keter refuses to start a webapp whose bound is below 1 µs; berth refuses it when loading.
        Duration ensureAlive = KeterUnits.micros(fields, "ensure-alive-time-bound", 1)
                .orElse(WebAppStanza.DEFAULT_ENSURE_ALIVE);
        // Keter keeps port-env-vars as a set: a name listed twice gets the port once.
        List<String> portEnvVars = fields.textList("port-env-vars").orElse(List.of()).stream().distinct().toList();
        List<Middleware> middleware = MiddlewareReader.read(fields);
        Optional<HealthCheck> healthCheck = HealthCheckReader.read(fields, ensureAlive);
        Optional<Duration> stopTimeout = fields.duration("stop-timeout");
        Optional<org.berth.config.HstsSettings> hsts = HstsReader.read(fields);
        if (fields.errorCount() > errors) {
            return Optional.empty();
        }
        ProcessSpec spec = process.orElseThrow();
        WebAppStanza stanza = new WebAppStanza(spec.exec(), spec.args(), spec.env(), spec.forwardEnv(),
                hosts.orElseThrow().hosts(), ssl, requiresSecure, timeBound, ensureAlive, portEnvVars, middleware,
                healthCheck, stopTimeout, hsts, fields.line());
        return Optional.of(new ReadStanza(stanza, hosts.get()));
    }
}
