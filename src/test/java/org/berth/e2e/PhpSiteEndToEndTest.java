package org.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.berth.store.RunRecord;
import org.berth.testing.ApiHarness;
import org.berth.testing.NginxPhpServer;
import org.berth.testing.SiteLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Alkane use case end to end: a PHP site served by real nginx + php-fpm, whose init recipe
 * clones a git repository and whose update recipe pulls it, triggered over HTTP as CI does.
 * After a new commit and {@code POST /update/<site>}, nginx serves the new PHP output, the
 * recipe saw the request body as ALKANE_SITE_CONTEXT, and the after-success command reloaded
 * php-fpm (USR2 to its master, as a real setup would).
 */
class PhpSiteEndToEndTest {
    static final String SITE = "php.example.org";

    @TempDir
    Path temp;

    @Test
    void commitThenPostUpdateServesTheNewPhpOutput() throws Exception {
        Path origin = temp.resolve("origin");
        git(temp, "init", "-q", "-b", "main", origin.toString());
        Files.writeString(origin.resolve("index.php"),
                "<?php echo 'version 1; context: ' . @file_get_contents(__DIR__ . '/context.txt');\n");
        commit(origin, "v1");

        SiteLayout layout = new SiteLayout(temp.resolve("berth"));
        layout.recipe(SITE, "init", "set -e\ngit clone -q \"$REPO\" \"$ALKANE_SITE_PATH\"\n"
                + "printf '%s' \"${ALKANE_SITE_CONTEXT:-none}\" > \"$ALKANE_SITE_PATH/context.txt\"\necho cloned");
        layout.recipe(SITE, "update", "set -e\ncd \"$ALKANE_SITE_PATH\"\ngit pull -q --ff-only\n"
                + "printf '%s' \"$ALKANE_SITE_CONTEXT\" > context.txt\ngit log -1 --format=%s");
        Path reloads = temp.resolve("reloads");
        layout.config("sites:\n  " + SITE + ":\n    timeout: 1m\n    env:\n      REPO: " + origin + "\n"
                + "    after-success: \"kill -USR2 $(cat $PHP_FPM_PID) && echo reloaded >> " + reloads + "\"");

        Path sitePath = layout.sites().resolve("example.org/php");
        try (ApiHarness api = startWithPhpFpmPid(layout, sitePath)) {
            assertThat(api.post("/init/" + SITE, "first deploy").body()).isEqualTo("\"Success\"");
            assertThat(api.get("/is_present/" + SITE).body()).isEqualTo("true");
            assertThat(served()).isEqualTo("version 1; context: first deploy");

            Files.writeString(origin.resolve("index.php"),
                    "<?php echo 'version 2; context: ' . file_get_contents(__DIR__ . '/context.txt');\n");
            commit(origin, "v2");
            assertThat(api.post("/update/" + SITE, "{\"commit\": \"v2\", \"by\": \"ci\"}").body()).isEqualTo("\"Success\"");

            assertThat(served()).isEqualTo("version 2; context: {\"commit\": \"v2\", \"by\": \"ci\"}");
            assertThat(Files.readAllLines(reloads)).containsExactly("reloaded", "reloaded");

            List<RunRecord> history = api.actions().siteHistory(SITE, 10);
            assertThat(history).extracting(RunRecord::action).containsExactly("update", "init");
            assertThat(history.get(0).output()).contains("v2").contains("running after-success command");
            assertThat(history.get(0).contextSize()).isEqualTo("{\"commit\": \"v2\", \"by\": \"ci\"}".length());
            assertThat(history.get(0).trigger()).isEqualTo("http");
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private NginxPhpServer server;

    /** The page, once php-fpm is back from the reload the after-success command just asked for. */
    private String served() {
        String[] page = new String[1];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> (page[0] = server.get("/")) != null);
        return page[0];
    }

    /** nginx needs the site folder to exist, which init creates: start it with a placeholder, then init. */
    private ApiHarness startWithPhpFpmPid(SiteLayout layout, Path sitePath) throws Exception {
        Files.createDirectories(sitePath.getParent());
        // Serve the (future) site folder; nginx resolves the root per request, so cloning into it later works.
        Files.createDirectories(sitePath);
        server = NginxPhpServer.start(sitePath);
        Files.delete(sitePath); // git clone wants to create it
        layout.config("site-defaults:\n  env:\n    PHP_FPM_PID: " + server.directory().resolve("php-fpm.pid"));
        return new ApiHarness(layout.writeConfig());
    }

    private static void commit(Path repository, String message) throws IOException, InterruptedException {
        git(repository, "add", "-A");
        git(repository, "-c", "user.name=CI", "-c", "user.email=ci@example.org", "commit", "-q", "-m", message);
    }

    private static void git(Path directory, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("git " + String.join(" ", args) + ": " + output).isZero();
    }
}
