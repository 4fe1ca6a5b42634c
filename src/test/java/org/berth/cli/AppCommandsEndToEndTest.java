package org.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.berth.testing.BundleBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * berth server as a real process: bundles copied into incoming/ (slowly), deployed with the
 * CLI, followed, rolled back; then berth is killed with SIGKILL and started again — no process
 * is left behind and the app comes back on the release it was running.
 */
class AppCommandsEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void incomingDeployRollbackAndSurvivingAKill() throws Exception {
        Path config = temp.resolve("berth.yaml");
        Files.writeString(config, """
                root: data
                apps:
                  port-range: 25300-25399
                  rescan-interval: 1s
                """);
        Path incoming = temp.resolve("data/incoming");
        Files.createDirectories(incoming);
        Path v1 = BundleBuilder.versionApp("v1", "hello.example.com", "").writeTo(temp.resolve("build/hello-v1.keter"));
        Path v2 = BundleBuilder.versionApp("v2", "hello.example.com", "").writeTo(temp.resolve("build/hello-v2.keter"));

        long appPid;
        try (BerthServerProcess server = BerthServerProcess.start(temp, config)) {
            slowCopy(v1, incoming.resolve("hello.keter"));
            JsonObject status = awaitRelease(server, 1);
            assertThat(get(port(status), "/")).isEqualTo("v1");

            BerthProcess.Result deploy = BerthProcess.run(temp, "app", "deploy", v2.toString(), "--name", "hello",
                    "--server", server.url());
            assertThat(deploy.exitCode()).as(deploy.stdout() + deploy.stderr()).isZero();
            assertThat(deploy.stdout()).contains("uploaded hello-v2.keter as app hello")
                    .contains("succeeded: release 2 is serving [hello.example.com]");
            assertThat(get(port(awaitRelease(server, 2)), "/")).isEqualTo("v2");

            BerthProcess.Result rollback = BerthProcess.run(temp, "app", "rollback", "hello", "--server", server.url());
            assertThat(rollback.exitCode()).as(rollback.stdout() + rollback.stderr()).isZero();
            assertThat(get(port(awaitRelease(server, 1)), "/")).isEqualTo("v1");

            BerthProcess.Result releases = BerthProcess.run(temp, "app", "releases", "hello", "--server", server.url());
            assertThat(releases.stdout()).contains("*   1 ").contains("2 ");
            BerthProcess.Result list = BerthProcess.run(temp, "app", "list", "--server", server.url());
            assertThat(list.stdout()).contains("hello").contains("serving").contains("hello.example.com");
            BerthProcess.Result logs = BerthProcess.run(temp, "app", "logs", "hello", "--server", server.url());
            assertThat(logs.stdout()).contains("version v1 listening on");

            // a slow copy into incoming/ caused exactly one deployment
            JsonArray deployments = array(server, "/api/v1/apps/hello/deployments");
            assertThat(deployments.stream().map(JsonObject.class::cast)
                    .filter(deployment -> deployment.getString("trigger").equals("incoming"))).hasSize(1);

            appPid = object(server, "/api/v1/apps/hello").getJsonArray("processes").getJsonObject(0).getLong("pid");
            server.kill();
            assertThat(alive(appPid)).as("the app outlives a SIGKILLed berth until the next start").isTrue();

            try (BerthServerProcess restarted = BerthServerProcess.start(temp, config)) {
                await().atMost(WAIT).until(() -> !alive(appPid));
                JsonObject back = awaitRelease(restarted, 1);
                assertThat(get(port(back), "/")).isEqualTo("v1");
                assertThat(restarted.output()).anyMatch(line -> line.contains("a previous berth left running"));
                long newPid = back.getJsonArray("processes").getJsonObject(0).getLong("pid");

                BerthProcess.Result remove = BerthProcess.run(temp, "app", "remove", "hello", "--server", restarted.url());
                assertThat(remove.exitCode()).as(remove.stdout() + remove.stderr()).isZero();
                await().atMost(WAIT).until(() -> !alive(newPid));
                assertThat(incoming.resolve("hello.keter")).doesNotExist();
            }
        }
    }

    /** Copies in small pieces with pauses longer than the watcher's settle delay, as a slow scp would. */
    static void slowCopy(Path from, Path to) throws IOException, InterruptedException {
        byte[] bytes = Files.readAllBytes(from);
        try (OutputStream out = Files.newOutputStream(to)) {
            int step = Math.max(1, bytes.length / 4);
            for (int offset = 0; offset < bytes.length; offset += step) {
                out.write(bytes, offset, Math.min(step, bytes.length - offset));
                out.flush();
                Thread.sleep(700);
            }
        }
    }

    private JsonObject awaitRelease(BerthServerProcess server, long release) {
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            JsonObject status = object(server, "/api/v1/apps/hello");
            return status.getString("state").equals("serving") && status.getLong("release") == release
                    && status.getString("activity") == null;
        });
        try {
            return object(server, "/api/v1/apps/hello");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonObject object(BerthServerProcess server, String path) throws Exception {
        return new JsonObject(body(server.url() + path));
    }

    private JsonArray array(BerthServerProcess server, String path) throws Exception {
        return new JsonArray(body(server.url() + path));
    }

    private String body(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static int port(JsonObject status) {
        // No proxy yet: reach the process on its own port (the issue of the proxy routes hosts to it).
        return status.getJsonArray("processes").getJsonObject(0).getInteger("port");
    }

    private String get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }
}
