package org.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.berth.auth.Authorizer;
import org.berth.testing.ApiHarness;
import org.berth.testing.SiteLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callers that are not trusted (here: loopback trust switched off, which is how every
 * non-loopback caller is treated) need a token or a webhook signature; refused requests run
 * nothing and create nothing.
 */
class RemoteCallerAuthTest {
    static final String TOKEN = "ci-token-0123456789abcdef";
    static final String OTHER_TOKEN = "other-token-0123456789abcdef";
    static final String SECRET = "webhook-secret-0123456789";

    @TempDir
    Path temp;

    SiteLayout layout;
    ApiHarness api;
    Path ran;

    @BeforeEach
    void start() throws Exception {
        layout = new SiteLayout(temp.resolve("layout"));
        ran = temp.resolve("ran");
        for (String site : new String[] {"foo.acme.tld", "bar.other.tld"}) {
            layout.recipe(site, "update", "echo \"$ALKANE_SITE_NAME $BERTH_TRIGGER\" >> " + ran);
        }
        layout.config("""
                api:
                  trust-loopback: false
                  tokens:
                    - name: ci
                      token: %s
                      sites: ["*.acme.tld"]
                    - name: other
                      token: %s
                      sites: [bar.other.tld]
                  webhooks:
                    - name: github
                      secret: %s
                      sites: ["*"]
                """.formatted(TOKEN, OTHER_TOKEN, SECRET));
        api = new ApiHarness(layout.writeConfig());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void noCredentialsIs401AndRunsNothing() throws Exception {
        HttpResponse<String> response = api.post("/update/foo.acme.tld", "x");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("authentication required");
        assertThat(api.get("/is_present/foo.acme.tld").statusCode()).isEqualTo(401);
        assertThat(api.get("/api/v1/sites").statusCode()).isEqualTo(401);
        // /status stays open for monitoring
        assertThat(api.get("/status").statusCode()).isEqualTo(200);
        assertNothingRan();
    }

    @Test
    void badTokenIs401() throws Exception {
        HttpResponse<String> response = api.post("/update/foo.acme.tld", "x", "Authorization", "Bearer wrong-token-123456789");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("bearer token is not valid").doesNotContain(TOKEN);
        assertNothingRan();
    }

    @Test
    void tokenOutsideItsSitesIs403() throws Exception {
        HttpResponse<String> response = api.post("/update/bar.other.tld", "x", "Authorization", "Bearer " + TOKEN);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("token 'ci' is not allowed to act on site bar.other.tld");
        assertNothingRan();
    }

    @Test
    void validTokenRunsAndIsRecordedWithItsName() throws Exception {
        HttpResponse<String> response = api.post("/update/foo.acme.tld", "x", "Authorization", "Bearer " + TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("\"Success\"");
        assertThat(Files.readString(ran)).isEqualTo("foo.acme.tld http\n");
        assertThat(api.actions().siteHistory("foo.acme.tld", 1).get(0).caller()).isEqualTo("token:ci@127.0.0.1");
        // the site list shows only what the token covers
        String sites = api.get("/api/v1/sites", "Authorization", "Bearer " + OTHER_TOKEN).body();
        assertThat(sites).contains("bar.other.tld").doesNotContain("foo.acme.tld");
    }

    @Test
    void githubSignatureIsChecked() throws Exception {
        byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
        String good = "sha256=" + HexFormat.of().formatHex(Authorizer.hmacSha256(SECRET, body));
        String bad = "sha256=" + HexFormat.of().formatHex(Authorizer.hmacSha256("not-the-secret-at-all", body));

        assertThat(api.post("/update/foo.acme.tld", body, "X-Hub-Signature-256", bad).statusCode()).isEqualTo(401);
        assertThat(api.post("/update/foo.acme.tld", body, "X-Hub-Signature-256", "sha256=zz").statusCode()).isEqualTo(401);
        // a signature of another body does not cover this one
        assertThat(api.post("/update/foo.acme.tld", "tampered", "X-Hub-Signature-256", good).statusCode()).isEqualTo(401);
        assertNothingRan();

        HttpResponse<String> response = api.post("/update/foo.acme.tld", body, "X-Hub-Signature-256", good);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Files.readString(ran)).isEqualTo("foo.acme.tld webhook\n");
        var run = api.actions().siteHistory("foo.acme.tld", 1).get(0);
        assertThat(run.trigger()).isEqualTo("webhook");
        assertThat(run.caller()).isEqualTo("webhook:github@127.0.0.1");
    }

    @Test
    void gitlabTokenIsChecked() throws Exception {
        assertThat(api.post("/update/foo.acme.tld", "{}", "X-Gitlab-Token", "nope-nope-nope-nope").statusCode())
                .isEqualTo(401);
        assertNothingRan();
        assertThat(api.post("/update/foo.acme.tld", "{}", "X-Gitlab-Token", SECRET).statusCode()).isEqualTo(200);
        assertThat(Files.readString(ran)).isEqualTo("foo.acme.tld webhook\n");
    }

    @Test
    void jobsOfOtherSitesAreForbidden() throws Exception {
        api.post("/update/foo.acme.tld", "x", "Authorization", "Bearer " + TOKEN);
        long id = api.actions().siteHistory("foo.acme.tld", 1).get(0).id();
        assertThat(api.get("/api/v1/jobs/" + id, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(api.get("/api/v1/jobs/" + id, "Authorization", "Bearer " + OTHER_TOKEN).statusCode()).isEqualTo(403);
        assertThat(api.get("/api/v1/jobs/" + id + "/log").statusCode()).isEqualTo(401);
    }

    private void assertNothingRan() throws Exception {
        assertThat(ran).doesNotExist();
        assertThat(api.actions().siteHistory("foo.acme.tld", 5)).isEmpty();
        assertThat(api.actions().siteHistory("bar.other.tld", 5)).isEmpty();
    }
}
