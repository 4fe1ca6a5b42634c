package org.berth.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.berth.config.ConfigException;
import org.berth.config.ConfigProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleCheckTest {
    private static final String CONFIG = """
            stanzas:
              - type: webapp
                exec: ../dist/bin/app
                host: app.example.com
            """;

    @TempDir
    Path dir;

    /** Writes a gzipped tar with the given entries (name → content; null content = a symlink). */
    private Path bundle(String name, Map<String, String> entries) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                if (entry.getValue() == null) {
                    TarArchiveEntry link = new TarArchiveEntry(entry.getKey(), TarArchiveEntry.LF_SYMLINK);
                    link.setLinkName("elsewhere.yaml");
                    tar.putArchiveEntry(link);
                } else {
                    byte[] bytes = entry.getValue().getBytes(StandardCharsets.UTF_8);
                    TarArchiveEntry file1 = new TarArchiveEntry(entry.getKey());
                    file1.setSize(bytes.length);
                    tar.putArchiveEntry(file1);
                    tar.write(bytes);
                }
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    private static Map<String, String> entries(String... namesAndContents) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            map.put(namesAndContents[i], namesAndContents[i + 1]);
        }
        return map;
    }

    @Test
    void readsOnlyTheConfigFromABundle() throws Exception {
        Path archive = bundle("myapp.keter", entries(
                "dist/bin/app", "#!/bin/sh\n",
                "config/keter.yaml", CONFIG));

        CheckResult result = BundleCheck.check(archive);

        assertThat(result.appName()).contains("myapp");
        assertThat(result.source()).isEqualTo(archive);
        assertThat(result.configFile()).isEqualTo(archive.resolve("config/keter.yaml"));
        assertThat(result.bundleRoot()).isEqualTo(archive);
        assertThat(result.config().webApps()).singleElement()
                .satisfies(web -> assertThat(web.exec()).isEqualTo(archive.resolve("dist/bin/app")));
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void keterYmlWinsOverKeterYamlAndDotSlashNamesAreFound() throws Exception {
        Path archive = bundle("app.tar.gz", entries(
                "./config/keter.yaml", "stanzas: []\n",
                "./config/keter.yml", CONFIG));

        CheckResult result = BundleCheck.check(archive);

        assertThat(result.configFile()).isEqualTo(archive.resolve("config/keter.yml"));
        assertThat(result.config().stanzas()).hasSize(1);
        assertThat(result.appName()).contains("app");
    }

    @Test
    void problemsNameTheFileInsideTheBundle() throws Exception {
        Path archive = bundle("app.tgz", entries("config/keter.yml", "stanzas:\n  - type: cron\n"));

        assertThatThrownBy(() -> BundleCheck.check(archive)).isInstanceOf(ConfigException.class)
                .hasMessage(archive.resolve("config/keter.yml") + ":2: key 'stanzas[0].type': unknown stanza type \"cron\";"
                        + " expected webapp, static-files, redirect, reverse-proxy or background (Keter refuses the bundle too)");
    }

    @Test
    void aBundleWithoutConfigIsRefused() throws Exception {
        Path archive = bundle("empty.keter", entries("config/other.yaml", "x: 1\n", "keter.yaml", CONFIG));

        assertThatThrownBy(() -> BundleCheck.check(archive)).isInstanceOf(ConfigException.class)
                .hasMessage(archive + ": the bundle has neither config/keter.yml nor config/keter.yaml;"
                        + " a Keter bundle keeps its configuration there");
    }

    @Test
    void aLinkedConfigIsRefused() throws Exception {
        Path archive = bundle("linked.keter", entries("config/keter.yaml", null));

        assertThatThrownBy(() -> BundleCheck.check(archive)).isInstanceOf(ConfigException.class)
                .hasMessage(archive + ": config/keter.yaml in the bundle is a link or a special file; expected a regular file");
    }

    @Test
    void aFileThatIsNoArchiveIsRefused() throws Exception {
        Path notGzip = Files.writeString(dir.resolve("broken.keter"), "stanzas: []\n");

        assertThatThrownBy(() -> BundleCheck.check(notGzip)).isInstanceOf(ConfigException.class)
                .message().startsWith(notGzip + ": cannot read it as a bundle (a gzipped tar archive): ");
    }

    @Test
    void aGzipFileIsABundleWhateverItsName() throws Exception {
        Path archive = bundle("upload.bin", entries("config/keter.yaml", CONFIG));

        assertThat(BundleCheck.check(archive).config().stanzas()).hasSize(1);
    }

    @Test
    void checksABareConfigInItsBundleFolder() throws Exception {
        Path config = Files.createDirectories(dir.resolve("myapp/config")).resolve("keter.yaml");
        Files.writeString(config, """
                stanzas:
                  - type: webapp
                    exec: /usr/bin/python3
                    host: a.example.com
                  - type: static-files
                    root: ../../elsewhere
                    host: b.example.com
                  - type: background
                    exec: ../bin/worker
                """);

        CheckResult result = BundleCheck.check(config);

        assertThat(result.appName()).isEmpty();
        assertThat(result.bundleRoot()).isEqualTo(dir.resolve("myapp"));
        assertThat(result.warnings()).extracting(ConfigProblem::render).containsExactly(
                config + ":2: key 'exec': /usr/bin/python3 lies outside the bundle (" + dir.resolve("myapp")
                        + "): it must exist on the server, and a new version of the bundle does not replace it",
                config + ":5: key 'root': " + dir.resolve("elsewhere") + " lies outside the bundle (" + dir.resolve("myapp")
                        + "): it must exist on the server, and a new version of the bundle does not replace it");
        // the parser's own warnings do not include them: they are a separate check
        assertThat(result.config().warnings()).isEmpty();
    }

    @Test
    void aBareConfigOutsideAConfigFolderIsItsOwnBundleRoot() throws Exception {
        Path config = Files.writeString(dir.resolve("keter.yaml"), CONFIG);

        CheckResult result = BundleCheck.check(config);

        assertThat(result.bundleRoot()).isEqualTo(dir);
        assertThat(result.config().webApps().get(0).exec()).isEqualTo(dir.getParent().resolve("dist/bin/app"));
    }

    @Test
    void aMissingConfigFile() {
        Path missing = dir.resolve("nothing/keter.yaml");

        assertThatThrownBy(() -> BundleCheck.check(missing)).isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": file not found");
    }

    @Test
    void rendersJsonWithKeterKeysAndUnits() throws Exception {
        Path archive = bundle("shop.keter", entries("config/keter.yml", """
                stanzas:
                  - type: webapp
                    exec: ../dist/bin/shop
                    hosts: [shop.example.com]
                    connection-time-bound: 2000000
                    middleware:
                      - basic-auth: {realm: staff, creds: {admin: s3cret}}
                    health-check: {path: /health}
                    stop-timeout: 15s
                  - type: background
                    exec: ../dist/bin/worker
                    restart-count: 3
                  - type: redirect
                    host: www.shop.example.com
                    actions: [{host: shop.example.com, secure: true}]
                plugins:
                  postgres: true
                """));

        Map<String, Object> json = BundleConfigJson.toJson(BundleCheck.check(archive));

        assertThat(json).containsEntry("ok", true).containsEntry("app", "shop").containsEntry("config-file", "config/keter.yml");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> stanzas = (List<Map<String, Object>>) json.get("stanzas");
        assertThat(stanzas.get(0)).containsEntry("type", "webapp").containsEntry("line", 2)
                .containsEntry("exec", "dist/bin/shop")
                .containsEntry("hosts", List.of("shop.example.com"))
                .containsEntry("ssl", false)
                .containsEntry("connection-time-bound", 2_000_000L)
                .containsEntry("ensure-alive-time-bound", 90_000_000L)
                .containsEntry("middleware", List.of(Map.of("basic-auth", Map.of("realm", "staff", "users", List.of("admin")))))
                .containsEntry("stop-timeout", "15s");
        assertThat(stanzas.get(0).toString()).doesNotContain("s3cret");
        assertThat(stanzas.get(1)).containsEntry("restart-count", 3).containsEntry("restart-delay-seconds", 5L)
                .containsEntry("stop-timeout", null);
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("host", "shop.example.com");
        action.put("secure", true);
        action.put("port", null);
        assertThat(stanzas.get(2)).containsEntry("status", 303).containsEntry("actions", List.of(action));
        assertThat(json).containsEntry("plugins", Map.of("postgres", true, "servers", List.of()))
                .containsEntry("warnings", List.of());
    }

    @Test
    void rendersRefusalsAsJson() {
        ConfigException refusal = new ConfigException(new ConfigProblem(Path.of("/b/config/keter.yaml"), 3, "stanzas[0].exec",
                "required key is missing; expected the path of the program to run"));

        Map<String, Object> json = BundleConfigJson.refused(refusal);

        Map<String, Object> error = new LinkedHashMap<>();
        error.put("file", "/b/config/keter.yaml");
        error.put("line", 3);
        error.put("key", "stanzas[0].exec");
        error.put("message", "required key is missing; expected the path of the program to run");
        error.put("text", "/b/config/keter.yaml:3: key 'stanzas[0].exec': required key is missing; expected the path of"
                + " the program to run");
        assertThat(json).containsExactly(Map.entry("ok", false), Map.entry("errors", List.of(error)));
    }

    @Test
    void rendersTextForTheTerminal() throws Exception {
        Path archive = bundle("yesodweb.keter", entries("config/keter.yaml", Bundles.fixture("003__yesodweb__yesodweb.com.yaml")));

        String text = BundleConfigText.render(BundleCheck.check(archive));

        assertThat(text).isEqualTo("""
                app yesodweb: config/keter.yaml, 3 stanzas

                webapp (line 2)
                  hosts             www.yesodweb.com (approot)
                  exec              dist/build/yesodweb/yesodweb
                  args              production

                static-files (line 11)
                  hosts             static.yesodweb.com
                  root              static
                  listing           off

                redirect (line 16)
                  hosts             www.yesodweb.org, yesodweb.org, yesodweb.com, docs.yesodweb.com
                  status            301
                  action            any path -> http://www.yesodweb.com (same path)

                warning: %s:27: key 'exec': ignored: beside stanzas, Keter reads only plugins at the top level
                """.formatted(archive.resolve("config/keter.yaml")));
    }

    @Test
    void textNeverShowsPasswords() throws Exception {
        String text = BundleConfigText.render(Bundles.parseFixture("006__snoyberg__keter.yaml"), Bundles.ROOT);

        assertThat(text).contains("basic-auth, realm \"Keter Basic Auth\", users jon, bla").doesNotContain("rocks", "dada");
    }

    @Test
    void outsideBundleIsLexical() throws Exception {
        BundleConfig config = Bundles.parse("stanzas:\n  - {type: background, exec: ../../bundle-other/x}\n");

        assertThat(BundlePaths.outsideBundle(config, Bundles.CONFIG, Bundles.ROOT)).extracting(ConfigProblem::render)
                .containsExactly(Bundles.AT + "2: key 'exec': /srv/bundle-other/x lies outside the bundle (/srv/bundle):"
                        + " it must exist on the server, and a new version of the bundle does not replace it");
        assertThat(BundlePaths.outsideBundle(Bundles.parse("stanzas:\n  - {type: background, exec: ../x}\n"),
                Bundles.CONFIG, Bundles.ROOT)).isEmpty();
        assertThat(Optional.of(BundleArchive.entryName("././config/keter.yml"))).contains("config/keter.yml");
    }
}
