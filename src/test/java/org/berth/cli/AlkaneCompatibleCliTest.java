package org.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI on Alkane's own example layout, run as a real process as an operator would: same
 * files written, same exit statuses, same messages.
 */
class AlkaneCompatibleCliTest {
    @TempDir
    Path temp;

    Path layout;

    @BeforeEach
    void copyFixture() throws Exception {
        Path source = Path.of(getClass().getResource("/alkane/alkane.conf").toURI()).getParent();
        layout = temp.resolve("alkane");
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path copy = layout.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        }
        for (String recipe : new String[] {"init", "update"}) {
            Files.setPosixFilePermissions(layout.resolve("recipes/foo.acme.tld/" + recipe),
                    PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        // Alkane's own name for a config in the working directory: found without --config.
        Files.move(layout.resolve("alkane.conf"), layout.resolve(".alkane.conf"));
    }

    @Test
    void initCreatesUpdateAppendsIsPresentPrintsThePath() throws Exception {
        Path hello = layout.resolve("wwwroot/acme.tld/foo/hello");

        BerthProcess.Result init = BerthProcess.run(layout, "init", "foo.acme.tld");
        assertThat(init.exitCode()).as(init.stderr()).isZero();
        assertThat(Files.readString(hello)).isEqualTo("init foo.acme.tld no-context\n");

        BerthProcess.Result update = BerthProcess.run(layout, "update", "foo.acme.tld", "--context", "CH3-CH3");
        assertThat(update.exitCode()).isZero();
        assertThat(Files.readString(hello)).isEqualTo("init foo.acme.tld no-context\nupdate foo.acme.tld CH3-CH3\n");

        BerthProcess.Result fromStdin = BerthProcess.run(layout, Map.of(), "piped context", "update", "foo.acme.tld",
                "--context-file", "-");
        assertThat(fromStdin.exitCode()).isZero();
        assertThat(Files.readAllLines(hello)).last().isEqualTo("update foo.acme.tld piped context");

        BerthProcess.Result present = BerthProcess.run(layout, "is-present", "foo.acme.tld");
        assertThat(present.exitCode()).isZero();
        assertThat(present.stdout()).isEqualTo(layout.resolve("wwwroot/acme.tld/foo") + "\n");

        BerthProcess.Result quiet = BerthProcess.run(layout, "is-present", "-q", "foo.acme.tld");
        assertThat(quiet.exitCode()).isZero();
        assertThat(quiet.stdout()).isEmpty();
    }

    @Test
    void absentSiteAndUnresolvableSite() throws Exception {
        BerthProcess.Result absent = BerthProcess.run(layout, "is-present", "nope.acme.tld");
        assertThat(absent.exitCode()).isEqualTo(1);
        assertThat(absent.stderr()).isEqualTo("Site is absent.\n");

        BerthProcess.Result deploy = BerthProcess.run(layout, "deploy", "acme.tld");
        assertThat(deploy.exitCode()).isEqualTo(16);
        assertThat(deploy.stderr())
                .isEqualTo("Can't run deployment action 'init' for site 'acme.tld': Can't resolve site path\n");
    }

    @Test
    void recipeOutputIsStreamedAndExitStatusIsTheRecipeResult() throws Exception {
        Path recipe = layout.resolve("recipes/bar.acme.tld/update");
        Files.createDirectories(recipe.getParent());
        Files.writeString(recipe, "#!/bin/sh\necho line one\necho line two >&2\nexit 1\n");
        Files.setPosixFilePermissions(recipe, PosixFilePermissions.fromString("rwxr-xr-x"));
        BerthProcess.Result result = BerthProcess.run(layout, "update", "bar.acme.tld", "build-7");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEqualTo("line one\nline two\n");

        BerthProcess.Result history = BerthProcess.run(layout, "site", "history", "bar.acme.tld");
        assertThat(history.exitCode()).isZero();
        assertThat(history.stdout()).contains("update").contains("cli").contains("Warning");
        BerthProcess.Result list = BerthProcess.run(layout, "site", "list");
        assertThat(list.stdout()).contains("bar.acme.tld").contains("foo.acme.tld");
    }

    @Test
    void hostileNamesExit16AndCreateNothing() throws Exception {
        for (String name : new String[] {"../../tmp/x", "/etc/passwd", "foo/../../x", "héllo.acme.tld", ""}) {
            BerthProcess.Result result = BerthProcess.run(layout, "update", name);
            assertThat(result.exitCode()).as(name).isEqualTo(16);
            assertThat(result.stderr()).as(name).contains("invalid site name");
        }
        assertThat(layout.resolve("db/berth.db")).doesNotExist();
    }

    @Test
    void brokenConfigExits4NamingFileLineAndKey() throws Exception {
        Path config = temp.resolve("berth.yaml");
        Files.writeString(config, "roots:\n  db: /tmp/db\napi:\n  port: lots\n");
        BerthProcess.Result result = BerthProcess.run(layout, "--config", config.toString(), "update", "foo.acme.tld");
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.stderr().strip())
                .isEqualTo(config + ":4: key 'api.port': expected a whole number from 0 to 65535, found \"lots\"");

        BerthProcess.Result check = BerthProcess.run(layout, "config", "check", config.toString());
        assertThat(check.exitCode()).isEqualTo(4);
        Path empty = Files.createDirectories(temp.resolve("empty"));
        BerthProcess.Result missing = BerthProcess.run(empty, "is-present", "foo.acme.tld");
        assertThat(missing.exitCode()).isEqualTo(4);
        assertThat(missing.stderr()).contains("no configuration file found");
    }

    @Test
    void configCheckPrintsTheEffectiveConfigWithSecretsHidden() throws Exception {
        Path config = temp.resolve("berth.yaml");
        Files.writeString(config, """
                roots: {db: /srv/db, sites: /srv/www, recipes: /srv/recipes}
                site-defaults: {timeout: 5m, after-success: "systemctl reload php8.2-fpm"}
                colour: blue
                api:
                  tokens:
                    - {name: ci, token: super-secret-token-value, sites: ["*.example.org"]}
                """);
        BerthProcess.Result check = BerthProcess.run(temp, Map.of("BERTH_CONFIG", config.toString()), null, "config", "check");
        assertThat(check.exitCode()).as(check.stderr()).isZero();
        assertThat(check.stdout()).contains("timeout: 5m").contains("after-success: systemctl reload php8.2-fpm")
                .contains("port: 10206").contains("address: 127.0.0.1").contains("token: <hidden>")
                .doesNotContain("super-secret-token-value");
        assertThat(check.stderr()).contains("warning: " + config + ":3: key 'colour': unknown key, ignored");
    }

    @Test
    void helpVersionAndCompletion() throws Exception {
        BerthProcess.Result version = BerthProcess.run(layout, "--version");
        assertThat(version.stdout()).startsWith("berth ");
        for (String[] command : new String[][] {{"--help"}, {"init", "--help"}, {"update", "--help"}, {"deploy", "--help"},
                {"is-present", "--help"}, {"site", "--help"}, {"site", "list", "--help"}, {"site", "history", "--help"},
                {"server", "--help"}, {"config", "check", "--help"}, {"demo", "--help"}, {"completion", "--help"}}) {
            BerthProcess.Result help = BerthProcess.run(layout, command);
            assertThat(help.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(help.stdout()).as(String.join(" ", command)).startsWith("Usage: berth");
        }
        assertThat(BerthProcess.run(layout, "server", "--help").stdout()).as("the server's environment")
                .contains("BERTH_PROXY_TRANSPORT").contains("BERTH_LOG_LEVEL");
        BerthProcess.Result completion = BerthProcess.run(layout, "completion");
        assertThat(completion.stdout()).contains("complete -F").contains("is-present");
        BerthProcess.Result usage = BerthProcess.run(layout, "update");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.stderr()).contains("Missing required parameter");
    }

}
