package org.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.berth.testing.ApiHarness;
import org.berth.testing.SiteLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Alkane's routes over real HTTP: same answers as Alkane, plus refusals for hostile names and bodies. */
class AlkaneRoutesTest {
    @TempDir
    Path temp;

    SiteLayout layout;
    ApiHarness api;

    @BeforeEach
    void start() throws Exception {
        layout = new SiteLayout(temp);
        layout.recipe("foo.acme.tld", "init",
                "echo \"init $ALKANE_SITE_NAME ${ALKANE_SITE_CONTEXT:-no-context}\" > \"$ALKANE_SITE_PATH/hello\"\necho initialized");
        layout.recipe("foo.acme.tld", "update",
                "echo \"update $ALKANE_SITE_NAME ${ALKANE_SITE_CONTEXT:-no-context}\" >> \"$ALKANE_SITE_PATH/hello\"\necho updated");
        layout.recipe("warn.acme.tld", "update", "exit 1");
        layout.recipe("fail.acme.tld", "update", "exit 2");
        layout.recipe("odd.acme.tld", "update", "exit 9");
        Files.createDirectories(layout.sites().resolve("acme.tld/foo"));
        api = new ApiHarness(layout.writeConfig());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void statusAnswersAlive() throws Exception {
        HttpResponse<String> response = api.get("/status");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ALIVE");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    }

    @Test
    void initUpdateAndIsPresentBehaveAsAlkane() throws Exception {
        assertThat(api.get("/is_present/foo.acme.tld").body()).isEqualTo("false");

        HttpResponse<String> init = api.post("/init/foo.acme.tld", "");
        assertThat(init.statusCode()).isEqualTo(200);
        assertThat(init.body()).isEqualTo("\"Success\"");
        assertThat(init.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(api.get("/is_present/foo.acme.tld").body()).isEqualTo("true");
        assertThat(api.get("/is-present/foo.acme.tld").body()).isEqualTo("true");

        assertThat(api.post("/update/foo.acme.tld", "CH3-CH3").body()).isEqualTo("\"Success\"");
        assertThat(Files.readAllLines(layout.sites().resolve("acme.tld/foo/hello")))
                .containsExactly("init foo.acme.tld no-context", "update foo.acme.tld CH3-CH3");

        // deploy of an initialized site runs update
        assertThat(api.post("/deploy/foo.acme.tld", "again").body()).isEqualTo("\"Success\"");
        assertThat(Files.readAllLines(layout.sites().resolve("acme.tld/foo/hello"))).last()
                .isEqualTo("update foo.acme.tld again");
    }

    @Test
    void recipeExitStatusesMapToAlkaneResults() throws Exception {
        assertThat(api.post("/update/warn.acme.tld", "").body()).isEqualTo("\"Warning\"");
        assertThat(api.post("/update/fail.acme.tld", "").body()).isEqualTo("\"Error\"");
        assertThat(api.post("/update/odd.acme.tld", "").body()).isEqualTo("\"Unknown\"");
        // no recipe at all: Alkane's "can't spawn" is an Error, recorded
        assertThat(api.post("/update/none.acme.tld", "").body()).isEqualTo("\"Error\"");
        assertThat(api.actions().siteHistory("none.acme.tld", 5).get(0).output()).contains("does not exist");
    }

    @Test
    void unresolvableSiteIsA400WithAlkanesMessage() throws Exception {
        HttpResponse<String> response = api.post("/deploy/acme.tld", "");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .isEqualTo("\"Can't run deployment action 'init' for site 'acme.tld': Can't resolve site path\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%2Ftmp%2Fx", "..%2F..", "..%2F..%2Fetc", "%2Fetc%2Fpasswd", "foo%00.acme.tld",
            "h%C3%A9llo.acme.tld", "a%20b.acme.tld", "foo..acme.tld", "-foo.acme.tld", "foo_bar.acme.tld",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.acme.tld", ""})
    void hostileNamesAreRefusedAndRunNothing(String name) throws Exception {
        // A trap: Alkane would run <recipes>/<decoded name>/update, so put recipes where those paths lead.
        Path trap = temp.resolve("trap-ran");
        SiteLayout.script(temp.resolve("tmp/x/update"), "#!/bin/sh\ntouch " + trap + "\n");
        layout.recipe("..", "update", "touch " + trap);
        List<Path> before = layout.files();

        for (String action : List.of("init", "update", "deploy")) {
            HttpResponse<String> response = api.post("/" + action + "/" + name, "context");
            assertThat(response.statusCode()).as(action + " " + name).isEqualTo(400);
            assertThat(response.body()).startsWith("\"Can't run deployment action '" + action + "'")
                    .contains("invalid site name");
        }
        HttpResponse<String> present = api.get("/is_present/" + name);
        assertThat(present.statusCode()).isEqualTo(400);

        assertThat(trap).doesNotExist();
        assertThat(layout.files()).isEqualTo(before);
        assertThat(new JsonArray(api.get("/api/v1/sites").body()).stream()
                .map(site -> ((JsonObject) site).getJsonObject("lastRun")).filter(java.util.Objects::nonNull)).isEmpty();
    }

    @Test
    void absoluteAndOverlongNamesAreRefused() throws Exception {
        String longName = "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + "." + "e".repeat(20) + ".org";
        assertThat(api.post("/update/" + longName, "").statusCode()).isEqualTo(400);
        assertThat(api.post("/update/" + longName, "").body()).contains("longer than 253");
        assertThat(api.post("/update/%2F", "").statusCode()).isEqualTo(400);
    }

    @Test
    void bodyOverOneMegabyteIs413AndRunsNothing() throws Exception {
        layout.recipe("big.acme.tld", "update", "touch " + temp.resolve("big-ran"));
        byte[] body = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(body, (byte) 'x');
        HttpResponse<String> response = api.post("/update/big.acme.tld", body);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("larger than the limit of 1MiB");
        assertThat(temp.resolve("big-ran")).doesNotExist();
        assertThat(api.actions().siteHistory("big.acme.tld", 5)).isEmpty();

        // exactly at the limit is fine
        byte[] atLimit = new byte[1024 * 1024];
        java.util.Arrays.fill(atLimit, (byte) 'y');
        layout.recipe("big.acme.tld", "update", "wc -c < \"$BERTH_CONTEXT_FILE\" > " + temp.resolve("big-ran"));
        HttpResponse<String> accepted = api.post("/update/big.acme.tld", atLimit);
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).isEqualTo("\"Success\"");
        assertThat(Files.readString(temp.resolve("big-ran")).strip()).isEqualTo("1048576");
        assertThat(api.actions().siteHistory("big.acme.tld", 5)).hasSize(1);
    }

    @Test
    void asyncRunAnswers202AndTheJobCanBeFollowed() throws Exception {
        layout.recipe("slow.acme.tld", "update", "echo first; sleep 1; echo second");
        HttpResponse<String> response = api.post("/update/slow.acme.tld?async=1", "ctx");
        assertThat(response.statusCode()).isEqualTo(202);
        JsonObject accepted = new JsonObject(response.body());
        long job = accepted.getLong("job");
        assertThat(accepted.getString("status")).isEqualTo("/api/v1/jobs/" + job);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + job);

        // the log streams until the job ends, so this returns the whole output
        HttpResponse<String> log = api.get("/api/v1/jobs/" + job + "/log");
        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.body()).isEqualTo("first\nsecond\n");

        JsonObject state = new JsonObject(api.get("/api/v1/jobs/" + job).body());
        assertThat(state.getString("state")).isEqualTo("finished");
        assertThat(state.getString("result")).isEqualTo("Success");
        assertThat(state.getInteger("exitStatus")).isZero();
        assertThat(state.getString("trigger")).isEqualTo("http");
        assertThat(state.getLong("contextSize")).isEqualTo(3);

        // a finished job's log comes from the store
        assertThat(api.get("/api/v1/jobs/" + job + "/log").body()).isEqualTo("first\nsecond\n");
        assertThat(api.get("/api/v1/jobs/99999").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/jobs/abc").statusCode()).isEqualTo(400);
    }

    @Test
    void sitesAndHistoryAreListed() throws Exception {
        api.post("/init/foo.acme.tld", "");
        api.post("/update/foo.acme.tld", "x");
        JsonArray sites = new JsonArray(api.get("/api/v1/sites").body());
        JsonObject foo = sites.stream().map(JsonObject.class::cast)
                .filter(site -> site.getString("name").equals("foo.acme.tld")).findFirst().orElseThrow();
        assertThat(foo.getBoolean("present")).isTrue();
        assertThat(foo.getString("path")).isEqualTo(layout.sites().resolve("acme.tld/foo").toString());
        assertThat(foo.getJsonObject("lastRun").getString("action")).isEqualTo("update");
        assertThat(sites.stream().map(site -> ((JsonObject) site).getString("name")))
                .contains("warn.acme.tld", "fail.acme.tld");

        JsonArray history = new JsonArray(api.get("/api/v1/sites/foo.acme.tld/history").body());
        assertThat(history).hasSize(2);
        assertThat(history.getJsonObject(0).getString("action")).isEqualTo("update");
        assertThat(history.getJsonObject(1).getString("action")).isEqualTo("init");
        assertThat(api.get("/api/v1/sites/..%2Fx/history").statusCode()).isEqualTo(400);
    }

    @Test
    void updatesOfOneSiteNeverOverlapButDifferentSitesRunInParallel() throws Exception {
        for (String site : List.of("one.acme.tld", "two.acme.tld")) {
            layout.recipe(site, "update", "sleep 0.6");
        }
        List<Long> jobs = new java.util.ArrayList<>();
        for (String site : List.of("one.acme.tld", "one.acme.tld", "one.acme.tld", "two.acme.tld")) {
            jobs.add(new JsonObject(api.post("/update/" + site + "?async=1", "").body()).getLong("job"));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> jobs.stream()
                .allMatch(job -> api.actions().run(job).orElseThrow().endedAt() != null));
        var one = api.actions().siteHistory("one.acme.tld", 10).stream()
                .sorted(java.util.Comparator.comparing(run -> run.startedAt())).toList();
        assertThat(one).hasSize(3);
        for (int i = 1; i < one.size(); i++) {
            assertThat(one.get(i).startedAt()).isAfterOrEqualTo(one.get(i - 1).endedAt());
        }
        var two = api.actions().siteHistory("two.acme.tld", 1).get(0);
        // two.acme.tld did not wait for the three runs of one.acme.tld
        assertThat(two.startedAt()).isBefore(one.get(0).endedAt());
    }
}
