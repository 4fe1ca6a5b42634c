package org.berth.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs berth's CLI as a real process (the test classpath, the real main), capturing exit status and output. */
final class BerthProcess {
    record Result(int exitCode, String stdout, String stderr) {
    }

    private BerthProcess() {
    }

    static Result run(Path workingDirectory, Map<String, String> environment, String stdin, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().remove("BERTH_CONFIG");
        builder.environment().putAll(environment);
        Path stdout = java.nio.file.Files.createTempFile("berth-out", ".txt");
        Path stderr = java.nio.file.Files.createTempFile("berth-err", ".txt");
        try {
            builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("berth " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), java.nio.file.Files.readString(stdout),
                    java.nio.file.Files.readString(stderr));
        } finally {
            java.nio.file.Files.deleteIfExists(stdout);
            java.nio.file.Files.deleteIfExists(stderr);
        }
    }

    static Result run(Path workingDirectory, String... args) throws IOException, InterruptedException {
        return run(workingDirectory, Map.of(), null, args);
    }
}
