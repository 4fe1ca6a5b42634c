package org.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.berth.plugin.postgres.DatabaseNames;
import org.berth.testing.DatabaseApp;
import org.berth.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth server} as a real process with a real PostgreSQL: an app deployed with the CLI gets
 * its database, {@code berth app db} shows it (the password only with {@code --reveal}),
 * {@code berth app remove --drop-database} drops it. The password appears in no API answer but the
 * revealing one, in none of the server's log lines and in no log file.
 */
class AppDbCommandEndToEndTest {
    static PostgresCluster cluster;

    @TempDir
    Path temp;

    final HttpClient http = HttpClient.newHttpClient();
    final List<String> answers = new ArrayList<>();
    /** What the CLI printed, --reveal aside: searched for the password too. */
    final StringBuilder cliOutput = new StringBuilder();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = PostgresCluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void deployShowRevealAndDropThroughTheApi() throws Exception {
        Path config = writeConfig();
        Path bundle = DatabaseApp.bundle("v1", "shop.example.com", "plugins:\n  postgres: true\n")
                .writeTo(temp.resolve("build/shop.keter"));
        String name = DatabaseNames.forApp("shop");
        String password;
        try (BerthServerProcess server = BerthServerProcess.start(temp, config)) {
            BerthProcess.Result deploy = cli("app", "deploy", bundle.toString(), "--server", server.url());
            assertThat(deploy.exitCode()).as(deploy.stdout() + deploy.stderr()).isZero();
            assertThat(deploy.stdout()).contains("succeeded: release 1 is serving [shop.example.com]");
            BerthProcess.Result logs = cli("app", "logs", "shop", "--server", server.url());
            assertThat(logs.stdout()).contains("[berth] created role and database " + name + " on PostgreSQL server 'main'");

            BerthProcess.Result shown = cli("app", "db", "shop", "--server", server.url());
            assertThat(shown.exitCode()).as(shown.stderr()).isZero();
            assertThat(shown.stdout()).contains("server:    main (127.0.0.1:" + cluster.port() + ")")
                    .contains("database:  " + name).contains("user:      " + name)
                    .contains("password:  ******** (--reveal shows it)")
                    .contains("url:       postgresql://" + name + ":********@127.0.0.1:" + cluster.port() + "/" + name);

            BerthProcess.Result revealed = cli("app", "db", "shop", "--reveal", "--server", server.url());
            assertThat(revealed.exitCode()).as(revealed.stderr()).isZero();
            password = passwordIn(revealed.stdout());
            assertThat(revealed.stdout()).doesNotContain("********");
            cluster.connect(name, password, name).close();

            JsonObject status = new JsonObject(answer(server, "/api/v1/apps/shop"));
            int appPort = status.getJsonArray("processes").getJsonObject(0).getInteger("port");
            assertThat(get("http://127.0.0.1:" + appPort + "/whoami?pg")).isEqualTo(name + "@" + name);
            for (String path : List.of("/api/v1/apps", "/api/v1/apps/shop/releases", "/api/v1/apps/shop/deployments",
                    "/api/v1/apps/shop/database", "/api/v1/apps/shop/operations/1", "/api/v1/apps/shop/logs?lines=200")) {
                answer(server, path);
            }
            assertThat(new JsonObject(answer(server, "/api/v1/apps/shop/database")).getString("password"))
                    .isEqualTo("********");

            BerthProcess.Result removed = cli("app", "remove", "shop", "--drop-database", "--server", server.url());
            assertThat(removed.exitCode()).as(removed.stdout() + removed.stderr()).isZero();
            assertThat(removed.stdout()).contains("succeeded: shop removed: hosts released, processes stopped; "
                    + "dropped database and role " + name);
            answers.add(removed.stdout());
            assertThat(cluster.databaseExists(name)).isFalse();
            assertThat(cluster.roleExists(name)).isFalse();

            BerthProcess.Result gone = cli("app", "db", "shop", "--server", server.url());
            assertThat(gone.exitCode()).isEqualTo(1);
            assertThat(gone.stderr()).contains("app shop has no database");

            assertThat(server.output()).anyMatch(line -> line.contains("app shop: database password revealed to"));
            assertThat(server.output()).anyMatch(line -> line.contains("created role and database " + name));
            answers.addAll(server.output());
        }
        answers.add(cliOutput.toString());
        assertThat(answers).noneMatch(text -> text.contains(password));
        assertThat(logFiles()).isNotEmpty().noneMatch(text -> text.contains(password));
    }

    @Test
    void helpNamesTheNewCommandAndOption() throws Exception {
        assertThat(cli("app", "--help").stdout()).contains("db").contains("PostgreSQL database");
        assertThat(cli("app", "remove", "--help").stdout()).contains("--drop-database");
        assertThat(cli("app", "db", "--help").stdout()).contains("--reveal");
    }

    // ---- helpers -----------------------------------------------------------------------

    private Path writeConfig() throws Exception {
        Path passwordFile = temp.resolve("pg-admin");
        Files.writeString(passwordFile, cluster.superuserPassword() + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        Path config = temp.resolve("berth.yaml");
        Files.writeString(config, """
                root: data
                apps:
                  port-range: 25800-25899
                  drain-timeout: 1s
                postgres:
                  default: main
                  servers:
                    main: {host: 127.0.0.1, port: %d, user: postgres, password-file: pg-admin}
                """.formatted(cluster.port()));
        return config;
    }

    private BerthProcess.Result cli(String... args) throws Exception {
        BerthProcess.Result result = BerthProcess.run(temp, args);
        if (!List.of(args).contains("--reveal")) {
            cliOutput.append(result.stdout()).append(result.stderr());
        }
        return result;
    }

    private static String passwordIn(String output) {
        Matcher matcher = Pattern.compile("(?m)^password:  (\\S+)$").matcher(output);
        assertThat(matcher.find()).as(output).isTrue();
        return matcher.group(1);
    }

    /** An API answer, kept to be searched for the password. */
    private String answer(BerthServerProcess server, String path) throws Exception {
        String body = get(server.url() + path);
        answers.add(body);
        return body;
    }

    private String get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private List<String> logFiles() throws Exception {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(temp.resolve("data/log"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                texts.add(Files.readString(file));
            }
        }
        return texts;
    }
}
