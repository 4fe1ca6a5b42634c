package org.berth.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebSocketEchoTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String HOST = "echo.example";

    @TempDir
    Path temp;

    @Test
    void echoesTextOfEverySizeAndAnswersPlainRequestsWithTheVersion() throws Exception {
        try (WebSocketEchoApp app = WebSocketEchoApp.start("v7", 0)) {
            try (WebSocketEchoClient ws = WebSocketEchoClient.connect("127.0.0.1", app.port(), HOST, "/ws", TIMEOUT)) {
                assertThat(ws.serverVersion()).hasValue("v7");
                assertThat(ws.echo("hello", TIMEOUT)).isEqualTo("hello");
                assertThat(ws.echo("héllo ✓", TIMEOUT)).isEqualTo("héllo ✓");
                String medium = "m".repeat(1000);     // 16-bit length
                String large = "L".repeat(200_000);   // 64-bit length
                ws.send(medium);
                ws.send(large);
                ws.send("");
                assertThat(ws.receive(TIMEOUT)).isEqualTo(medium);
                assertThat(ws.receive(TIMEOUT)).isEqualTo(large);
                assertThat(ws.receive(TIMEOUT)).isEmpty();
                assertThat(app.sessions()).isEqualTo(1);
                assertThat(ws.isOpen()).isTrue();

                // Plain HTTP on the same port, beside the open session.
                try (LoadGeneratorClient http = new LoadGeneratorClient("127.0.0.1", app.port(), HOST, TIMEOUT, TIMEOUT)) {
                    assertThat(http.send("GET", "/", null, true).bodyText()).isEqualTo("v7");
                    LoadGeneratorClient.Response upload = http.send("POST", "/upload", new byte[5000], true);
                    assertThat(upload.bodyText()).isEqualTo("v7");
                    assertThat(upload.header("X-Body-Length")).hasValue("5000");
                    assertThat(upload.reusedConnection()).isTrue();
                }
            }
            // Our close: 1000, acknowledged by the server.
            WebSocketEchoClient ws = WebSocketEchoClient.connect("127.0.0.1", app.port(), HOST, "/", TIMEOUT);
            ws.close();
            WebSocketEchoClient.Closure closure = ws.closure().orElseThrow();
            assertThat(closure.byServer()).isFalse();
            assertThat(closure.clean()).isTrue();
            assertThat(closure.code()).isEqualTo(1000);
        }
    }

    @Test
    void reportsTheServerClosingTheSession() throws Exception {
        WebSocketEchoApp app = WebSocketEchoApp.start("v1", 0);
        WebSocketEchoClient ws = WebSocketEchoClient.connect("127.0.0.1", app.port(), HOST, "/ws", TIMEOUT);
        assertThat(ws.echo("before", TIMEOUT)).isEqualTo("before");

        app.close();

        WebSocketEchoClient.Closure closure = ws.awaitClosure(TIMEOUT);
        assertThat(closure.byServer()).isTrue();
        assertThat(closure.clean()).isTrue();
        assertThat(closure.code()).isEqualTo(1001);
        assertThat(closure.reason()).isEqualTo("server stopping");
        assertThat(ws.isOpen()).isFalse();
        assertThatThrownBy(() -> ws.receive(TIMEOUT)).isInstanceOf(WebSocketEchoClient.SessionClosedException.class);
        assertThatThrownBy(() -> ws.send("after")).isInstanceOf(WebSocketEchoClient.SessionClosedException.class);
        ws.close();
    }

    @Test
    void runsAsAProcessFromItsLauncherAndSaysGoingAwayOnTerm() throws Exception {
        Process process = launch("v9");
        try {
            int port = awaitListening(process);
            WebSocketEchoClient ws = WebSocketEchoClient.connect("127.0.0.1", port, HOST, "/ws", TIMEOUT);
            assertThat(ws.serverVersion()).hasValue("v9");
            assertThat(ws.echo("ping", TIMEOUT)).isEqualTo("ping");

            process.destroy(); // SIGTERM, as berth stops a release

            WebSocketEchoClient.Closure closure = ws.awaitClosure(TIMEOUT);
            assertThat(closure.code()).isEqualTo(1001);
            assertThat(closure.byServer()).isTrue();
            assertThat(closure.clean()).isTrue();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void reportsAKilledServerAsAnUncleanClosure() throws Exception {
        Process process = launch("v10");
        try {
            int port = awaitListening(process);
            WebSocketEchoClient ws = WebSocketEchoClient.connect("127.0.0.1", port, HOST, "/ws", TIMEOUT);
            assertThat(ws.echo("ping", TIMEOUT)).isEqualTo("ping");

            process.destroyForcibly(); // SIGKILL: no close frame

            WebSocketEchoClient.Closure closure = ws.awaitClosure(TIMEOUT);
            assertThat(closure.code()).isEqualTo(1006);
            assertThat(closure.byServer()).isTrue();
            assertThat(closure.clean()).isFalse();
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void bundleRunsTheAppAsAWebapp() throws Exception {
        Path bundle = WebSocketEchoApp.bundle("v3", "ws.example", "    connection-time-bound: 0\n")
                .writeTo(temp.resolve("echo.keter"));

        Map<String, String> entries = new HashMap<>();
        Map<String, Integer> modes = new HashMap<>();
        try (InputStream file = Files.newInputStream(bundle);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries.put(entry.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                modes.put(entry.getName(), entry.getMode());
            }
        }
        assertThat(entries).containsOnlyKeys("bin/app", "config/keter.yaml");
        assertThat(entries.get("bin/app")).startsWith("#!/bin/sh\nexec ").contains(WebSocketEchoApp.class.getName());
        assertThat(modes.get("bin/app")).isEqualTo(0755);
        assertThat(entries.get("config/keter.yaml")).isEqualTo("""
                stanzas:
                  - type: webapp
                    exec: ../bin/app
                    host: ws.example
                    env:
                      VERSION: "v3"
                    connection-time-bound: 0
                """);
    }

    /** Runs the launcher script as berth would: PORT and VERSION in the environment, output to app.log. */
    private Process launch(String version) throws IOException {
        Path launcher = SiteLayout.script(temp.resolve("app"), WebSocketEchoApp.launcher());
        ProcessBuilder builder = new ProcessBuilder(launcher.toString())
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("app.log").toFile());
        builder.environment().put("PORT", Integer.toString(FreePorts.next()));
        builder.environment().put("VERSION", version);
        return builder.start();
    }

    /** The port the app announces in app.log, once it accepts connections. */
    private int awaitListening(Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Path log = temp.resolve("app.log");
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("the app exited early: %s", Files.readString(log)).isTrue();
            String text = Files.readString(log);
            int at = text.indexOf(" listening on ");
            if (at >= 0 && text.indexOf('\n', at) > 0 && accepting(port(text, at))) {
                return port(text, at);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the app did not listen within 20 s: " + Files.readString(log));
    }

    private static int port(String log, int at) {
        return Integer.parseInt(log.substring(at + " listening on ".length(), log.indexOf('\n', at)).trim());
    }

    private static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
