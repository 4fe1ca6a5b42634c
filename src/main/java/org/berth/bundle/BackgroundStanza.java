package org.berth.bundle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code background} stanza: a process without a port or hosts, restarted when it exits.
 *
 * @param exec         resolved against the bundle's {@code config/} directory
 * @param restartDelay Keter's {@code restart-delay-seconds}, written in seconds (5)
 * @param stopTimeout  berth-only grace between TERM and KILL; empty = the global setting
 */
public record BackgroundStanza(
        Path exec,
        List<String> args,
        Map<String, String> env,
        List<String> forwardEnv,
        RestartCount restartCount,
        Duration restartDelay,
        Optional<Duration> stopTimeout,
        int line) implements Stanza {

    public static final Duration DEFAULT_RESTART_DELAY = Duration.ofSeconds(5);

    public BackgroundStanza {
        args = Copies.list(args);
        env = Copies.orderedMap(env);
        forwardEnv = Copies.list(forwardEnv);
    }

    @Override
    public String type() {
        return "background";
    }

    /** Keter reads {@code requires-secure} here too, but a process without hosts has nothing to secure. */
    @Override
    public boolean requiresSecure() {
        return false;
    }

    @Override
    public List<String> hosts() {
        return List.of();
    }
}
