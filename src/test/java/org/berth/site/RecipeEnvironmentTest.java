package org.berth.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecipeEnvironmentTest {
    private static final Path RECIPES = Path.of("/srv/recipes");
    private static final Path SITE = Path.of("/srv/www/acme.tld/foo");

    @Test
    void alkaneVariablesWithoutContext() {
        Map<String, String> variables = RecipeEnvironment.alkaneVariables(RECIPES, "foo.acme.tld", SITE, Optional.empty());
        assertThat(variables).containsExactly(
                Map.entry("ALKANE_RECIPES_PATH", "/srv/recipes"),
                Map.entry("ALKANE_SITE_NAME", "foo.acme.tld"),
                Map.entry("ALKANE_SITE_PATH", "/srv/www/acme.tld/foo"));
    }

    @Test
    void alkaneVariablesWithContext() {
        Map<String, String> variables = RecipeEnvironment.alkaneVariables(RECIPES, "foo.acme.tld", SITE,
                Optional.of("CH3-CH3"));
        assertThat(variables).containsExactly(
                Map.entry("ALKANE_RECIPES_PATH", "/srv/recipes"),
                Map.entry("ALKANE_SITE_NAME", "foo.acme.tld"),
                Map.entry("ALKANE_SITE_PATH", "/srv/www/acme.tld/foo"),
                Map.entry("ALKANE_SITE_CONTEXT", "CH3-CH3"));
    }

    @Test
    void anEmptyContextAddsNothing() {
        Map<String, String> variables = RecipeEnvironment.alkaneVariables(RECIPES, "foo.acme.tld", SITE, Optional.of(""));
        assertThat(variables).doesNotContainKey("ALKANE_SITE_CONTEXT").hasSize(3);
    }

    @Test
    void aContextIsPassedVerbatim() {
        String context = "{\"ref\": \"refs/heads/main\"}\nline two ' \" $HOME";
        Map<String, String> variables = RecipeEnvironment.alkaneVariables(RECIPES, "foo.acme.tld", SITE,
                Optional.of(context));
        assertThat(variables).containsEntry("ALKANE_SITE_CONTEXT", context);
    }

    @Test
    void forRunAddsBerthVariablesAndAFixedPath() {
        Map<String, String> alkane = RecipeEnvironment.alkaneVariables(RECIPES, "foo.acme.tld", SITE, Optional.empty());
        Map<String, String> environment = RecipeEnvironment.forRun(alkane,
                new RecipeEnvironment.RunInfo(42, "update", "http", Optional.empty()), Map.of());

        assertThat(environment)
                .containsEntry("PATH", RecipeEnvironment.DEFAULT_PATH)
                .containsEntry("BERTH_ACTION", "update")
                .containsEntry("BERTH_TRIGGER", "http")
                .containsEntry("BERTH_RUN_ID", "42")
                .containsEntry("LANG", "C.UTF-8")
                .containsEntry("HOME", System.getProperty("user.home"))
                .containsAllEntriesOf(alkane)
                .doesNotContainKey("BERTH_ARTIFACT");
        assertThat(environment.keySet()).containsExactlyInAnyOrder("PATH", "HOME", "LANG", "USER",
                "ALKANE_RECIPES_PATH", "ALKANE_SITE_NAME", "ALKANE_SITE_PATH",
                "BERTH_ACTION", "BERTH_TRIGGER", "BERTH_RUN_ID");
        assertThat(RecipeEnvironment.DEFAULT_PATH).isEqualTo("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    }

    @Test
    void forRunPassesTheArtifact() {
        Map<String, String> environment = RecipeEnvironment.forRun(Map.of(),
                new RecipeEnvironment.RunInfo(7, "init", "cli", Optional.of("v1.2.3")), Map.of());
        assertThat(environment).containsEntry("BERTH_ARTIFACT", "v1.2.3").containsEntry("BERTH_RUN_ID", "7");
    }

    @Test
    void forRunDoesNotLeakTheParentEnvironment() {
        Map<String, String> environment = RecipeEnvironment.forRun(Map.of(),
                new RecipeEnvironment.RunInfo(1, "init", "cli", Optional.empty()), Map.of());
        for (String name : System.getenv().keySet()) {
            if (!Map.of("PATH", 1, "HOME", 1, "LANG", 1, "USER", 1).containsKey(name)) {
                assertThat(environment).as("variable %s of the test JVM", name).doesNotContainKey(name);
            }
        }
    }

    @Test
    void theSiteEnvironmentWinsLast() {
        Map<String, String> alkane = RecipeEnvironment.alkaneVariables(RECIPES, "foo.acme.tld", SITE, Optional.of("ctx"));
        Map<String, String> environment = RecipeEnvironment.forRun(alkane,
                new RecipeEnvironment.RunInfo(3, "deploy", "webhook", Optional.empty()),
                Map.of("PATH", "/opt/site/bin", "BERTH_ACTION", "site-says", "ALKANE_SITE_CONTEXT", "overridden",
                        "APP_ENV", "production"));
        assertThat(environment)
                .containsEntry("PATH", "/opt/site/bin")
                .containsEntry("BERTH_ACTION", "site-says")
                .containsEntry("ALKANE_SITE_CONTEXT", "overridden")
                .containsEntry("APP_ENV", "production")
                .containsEntry("BERTH_TRIGGER", "webhook");
    }
}
