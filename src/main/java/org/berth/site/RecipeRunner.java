package org.berth.site;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.berth.config.Durations;
import org.berth.process.OutputCapture;
import org.berth.process.ProcessGroup;

/**
 * Runs one recipe (or after-success command) in its own process group, with a clean
 * environment, no input, output captured and streamed, and a time limit after which the whole
 * group — the recipe and every child it started — is stopped.
 */
public final class RecipeRunner {
    /** Between TERM and KILL when a recipe overruns its time limit. */
    static final Duration KILL_GRACE = Duration.ofSeconds(5);
    /** How long to keep reading output after the recipe exits, for children still holding the pipe. */
    static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);

    /**
     * A script whose {@code #!} interpreter is missing would fail inside setsid with exit 127,
     * which Alkane's mapping would call Unknown; it is a recipe that cannot start, so an Error.
     * Returns the missing interpreter, or null.
     */
    static String missingInterpreter(Path executable) {
        if (!executable.isAbsolute()) {
            return null;
        }
        try (var in = Files.newInputStream(executable)) {
            byte[] head = in.readNBytes(256);
            if (head.length < 3 || head[0] != '#' || head[1] != '!') {
                return null;
            }
            String line = new String(head, 2, head.length - 2, java.nio.charset.StandardCharsets.UTF_8).lines()
                    .findFirst().orElse("").strip();
            String interpreter = line.split("\\s+")[0];
            return interpreter.isEmpty() || Files.isExecutable(Path.of(interpreter)) ? null : interpreter;
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    public RecipeOutcome run(RecipeInvocation invocation, OutputCapture output) {
        Path executable = Path.of(invocation.command().get(0));
        if (executable.isAbsolute() && !Files.isExecutable(executable)) {
            output.note(Files.exists(executable)
                    ? "recipe " + executable + " is not executable (chmod +x it)"
                    : "recipe " + executable + " does not exist");
            return new RecipeOutcome(RecipeResult.ERROR, OptionalInt.empty());
        }
        String missingInterpreter = missingInterpreter(executable);
        if (missingInterpreter != null) {
            output.note("recipe " + executable + " names the interpreter " + missingInterpreter
                    + " on its #! line, which does not exist or is not executable");
            return new RecipeOutcome(RecipeResult.ERROR, OptionalInt.empty());
        }
        ProcessGroup group;
        try {
            ProcessBuilder builder = new ProcessBuilder(invocation.command())
                    .directory(invocation.workingDirectory().toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(invocation.environment());
            group = ProcessGroup.start(builder);
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a variable name or value the OS cannot take (a NUL byte, '=' in a name).
            output.note("cannot start " + executable + ": " + e.getMessage());
            return new RecipeOutcome(RecipeResult.ERROR, OptionalInt.empty());
        }
        // Platform thread: a blocking pipe read would pin a virtual thread's carrier (see SupervisedProcess).
        Thread pump = Thread.ofPlatform().daemon().name("recipe-output-" + group.id()).start(() -> {
            try {
                output.pump(group.process().getInputStream());
            } catch (IOException ignored) {
                // the pipe closed under us: nothing more to read
            }
        });
        try {
            if (!group.process().waitFor(invocation.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                output.note("time limit of " + Durations.format(invocation.timeout())
                        + " reached; stopping the recipe and every process it started");
                group.stop(KILL_GRACE);
                pump.join(OUTPUT_DRAIN.toMillis());
                return new RecipeOutcome(RecipeResult.TIMED_OUT, OptionalInt.empty());
            }
            pump.join(OUTPUT_DRAIN.toMillis());
            int status = group.process().exitValue();
            return new RecipeOutcome(RecipeResult.fromExitStatus(status), OptionalInt.of(status));
        } catch (InterruptedException e) {
            // berth is shutting down: do not leave the recipe running behind us.
            group.stop(KILL_GRACE);
            Thread.currentThread().interrupt();
            output.note("interrupted: berth is stopping");
            return new RecipeOutcome(RecipeResult.UNKNOWN, OptionalInt.empty());
        }
    }
}
