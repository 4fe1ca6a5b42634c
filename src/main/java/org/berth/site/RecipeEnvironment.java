package org.berth.site;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The environment a recipe runs with. Alkane passed its whole daemon environment plus four
 * {@code ALKANE_*} variables; berth passes a documented, clean set instead (see docs/sites.md):
 * a fixed {@code PATH}, {@code HOME}, {@code LANG}, the {@code ALKANE_*} variables, berth's own
 * {@code BERTH_*} variables, then the site's configured {@code env}.
 */
public final class RecipeEnvironment {
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private RecipeEnvironment() {
    }

    /** Exactly Alkane's variables: recipes root, site name, site path, and the context when non-empty. */
    public static Map<String, String> alkaneVariables(Path recipesRoot, String siteName, Path sitePath,
                                                      Optional<String> context) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("ALKANE_RECIPES_PATH", recipesRoot.toString());
        variables.put("ALKANE_SITE_NAME", siteName);
        variables.put("ALKANE_SITE_PATH", sitePath.toString());
        context.filter(text -> !text.isEmpty()).ifPresent(text -> variables.put("ALKANE_SITE_CONTEXT", text));
        return variables;
    }

    /** The full environment of one run. Later entries win: the site's own {@code env} comes last. */
    public static Map<String, String> forRun(Map<String, String> alkaneVariables, RunInfo run,
                                             Map<String, String> siteEnv) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", DEFAULT_PATH);
        environment.put("HOME", System.getProperty("user.home", "/"));
        environment.put("LANG", "C.UTF-8");
        environment.put("USER", System.getProperty("user.name", "root"));
        environment.putAll(alkaneVariables);
        environment.put("BERTH_ACTION", run.action());
        environment.put("BERTH_TRIGGER", run.trigger());
        environment.put("BERTH_RUN_ID", Long.toString(run.runId()));
        run.artifact().ifPresent(artifact -> environment.put("BERTH_ARTIFACT", artifact));
        environment.putAll(siteEnv);
        return environment;
    }

    /** What berth tells a recipe about the run it belongs to. */
    public record RunInfo(long runId, String action, String trigger, Optional<String> artifact) {
    }
}
