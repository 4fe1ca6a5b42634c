package org.berth.bundle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.berth.config.HstsSettings;

/**
 * A {@code webapp} stanza: a process that gets a port in {@code PORT} and serves HTTP for its hosts.
 *
 * @param exec                 the program, resolved against the bundle's {@code config/} directory
 * @param hosts                lower-cased; the first is the "approot host" used in {@code APPROOT}
 * @param connectionTimeBound  Keter's per-stanza bound, written in microseconds; empty = the global
 *                             bound; {@link Duration#ZERO} = no bound (Keter: 0 or less turns it off)
 * @param ensureAliveTimeBound how long the process may take to start listening (Keter µs, 90 s)
 * @param portEnvVars          extra variable names that also receive the port
 * @param middleware           applied in Keter's order: the last one listed sees the request first
 * @param healthCheck          berth-only HTTP readiness probe; empty = TCP connect as Keter does
 * @param stopTimeout          berth-only grace between TERM and KILL; empty = the global setting
 * @param hsts                 berth-only {@code Strict-Transport-Security} for its hosts; empty = the global {@code hsts}
 */
public record WebAppStanza(
        Path exec,
        List<String> args,
        Map<String, String> env,
        List<String> forwardEnv,
        List<String> hosts,
        Ssl ssl,
        boolean requiresSecure,
        Optional<Duration> connectionTimeBound,
        Duration ensureAliveTimeBound,
        List<String> portEnvVars,
        List<Middleware> middleware,
        Optional<HealthCheck> healthCheck,
        Optional<Duration> stopTimeout,
        Optional<HstsSettings> hsts,
        int line) implements Stanza {

    /** Keter's default for {@code ensure-alive-time-bound}. */
    public static final Duration DEFAULT_ENSURE_ALIVE = Duration.ofSeconds(90);

    public WebAppStanza {
        args = Copies.list(args);
        env = Copies.orderedMap(env);
        forwardEnv = Copies.list(forwardEnv);
        hosts = Copies.list(hosts);
        portEnvVars = Copies.list(portEnvVars);
        middleware = Copies.list(middleware);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a webapp needs at least one host");
        }
    }

    /** Without berth's {@code hsts} key: the global setting applies. */
    public WebAppStanza(Path exec, List<String> args, Map<String, String> env, List<String> forwardEnv, List<String> hosts,
                        Ssl ssl, boolean requiresSecure, Optional<Duration> connectionTimeBound, Duration ensureAliveTimeBound,
                        List<String> portEnvVars, List<Middleware> middleware, Optional<HealthCheck> healthCheck,
                        Optional<Duration> stopTimeout, int line) {
        this(exec, args, env, forwardEnv, hosts, ssl, requiresSecure, connectionTimeBound, ensureAliveTimeBound, portEnvVars,
                middleware, healthCheck, stopTimeout, Optional.empty(), line);
    }

    @Override
    public String type() {
        return "webapp";
    }

    /** The host written into {@code APPROOT}. */
    public String approotHost() {
        return hosts.get(0);
    }
}
