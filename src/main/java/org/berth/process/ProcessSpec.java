package org.berth.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One process to supervise. The environment is complete — the child gets exactly these
 * variables and nothing inherited from berth (build it with {@link AppEnvironment}).
 *
 * @param label       names the process in logs and states, e.g. {@code web} or {@code worker-1};
 *                    log lines carry it with the pid ({@code [web:1234]})
 * @param stopTimeout between TERM and KILL when the process is stopped
 */
public record ProcessSpec(String label, List<String> command, Path workingDirectory,
                          Map<String, String> environment, Duration stopTimeout) {
    /** Keter waits 1 s before KILL; apps that flush or finish requests on TERM get longer. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

    public ProcessSpec {
        if (label == null || label.isBlank() || label.chars().anyMatch(c -> Character.isWhitespace(c)
                || Character.isISOControl(c) || c == ']')) {
            throw new IllegalArgumentException("a process label must be a non-empty word without spaces or ']', got \""
                    + label + "\"");
        }
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("process " + label + ": the command is empty");
        }
        if (stopTimeout == null || stopTimeout.isNegative()) {
            throw new IllegalArgumentException("process " + label + ": the stop timeout must not be negative");
        }
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        if (workingDirectory == null) {
            throw new IllegalArgumentException("process " + label + ": no working directory");
        }
    }

    public ProcessSpec(String label, List<String> command, Path workingDirectory, Map<String, String> environment) {
        this(label, command, workingDirectory, environment, DEFAULT_STOP_TIMEOUT);
    }
}
