package org.berth.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** Renders a loaded configuration back as YAML, defaults included and secrets replaced, for {@code config check}. */
public final class EffectiveConfig {
    static final String HIDDEN = "<hidden>";

    private EffectiveConfig() {
    }

    public static String render(BerthConfig config) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("root", config.dataRoot().toString());
        top.put("roots", Map.of(
                "db", config.roots().db().toString(),
                "sites", config.roots().sites().toString(),
                "recipes", config.roots().recipes().toString()));
        top.put("site_directory_template", config.siteDirectoryTemplate());
        top.put("site-defaults", site(config.siteDefaults()));
        Map<String, Object> sites = new LinkedHashMap<>();
        config.sites().keySet().stream().sorted().forEach(name -> sites.put(name, site(config.siteSettings(name))));
        top.put("sites", sites);
        ApiSettings api = config.api();
        Map<String, Object> apiMap = new LinkedHashMap<>();
        apiMap.put("address", api.address());
        apiMap.put("port", api.port());
        apiMap.put("mount-point", api.mountPoint());
        apiMap.put("trust-loopback", api.trustLoopback());
        apiMap.put("body-limit", ByteSizes.format(api.bodyLimit()));
        apiMap.put("tokens", new java.util.ArrayList<>(api.tokens().stream()
                .map(token -> secretEntry(token.name(), "token", token.sites())).toList()));
        apiMap.put("webhooks", new java.util.ArrayList<>(api.webhooks().stream()
                .map(webhook -> secretEntry(webhook.name(), "secret", webhook.sites())).toList()));
        top.put("api", apiMap);
        top.put("store", Map.of("output-limit", ByteSizes.format(config.outputLimit())));

        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        return "# effective configuration, loaded from " + config.source() + "\n" + new Yaml(options).dump(top);
    }

    private static Map<String, Object> site(SiteSettings settings) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("timeout", Durations.format(settings.timeout()));
        map.put("after-success", settings.afterSuccess().orElse(null));
        map.put("env", new LinkedHashMap<>(new java.util.TreeMap<>(settings.env())));
        return map;
    }

    private static Map<String, Object> secretEntry(String name, String key, List<String> sites) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put(key, HIDDEN);
        map.put("sites", new java.util.ArrayList<>(sites));
        return map;
    }
}
