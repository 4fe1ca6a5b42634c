package org.berth.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code berth server} as a real process on a free port, for end-to-end tests; can be killed like a crash. */
final class BerthServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+?)/? ");

    private final Process process;
    private final String url;
    private final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());

    private BerthServerProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    static BerthServerProcess start(Path workingDirectory, Path config) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "server", "--config", config.toString(), "--port", "0");
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true).start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    seen.add(line);
                    Matcher matcher = LISTENING.matcher(line);
                    if (line.startsWith("berth server listening") && matcher.find()) {
                        return matcher.group(1);
                    }
                }
                throw new IllegalStateException("berth server exited: " + String.join("\n", seen));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        BerthServerProcess server = new BerthServerProcess(process, url.get(60, TimeUnit.SECONDS));
        server.output.addAll(seen);
        Thread.ofVirtual().start(() -> reader.lines().forEach(server.output::add));
        return server;
    }

    String url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    List<String> output() {
        return List.copyOf(output);
    }

    /** kill -9: no shutdown hook runs, as when the machine or an operator kills berth. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
