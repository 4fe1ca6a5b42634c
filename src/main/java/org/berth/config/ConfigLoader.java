package org.berth.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.berth.naming.InvalidSiteNameException;
import org.berth.naming.SiteName;
import org.berth.naming.SitePattern;

/**
 * Reads {@code berth.yaml} — or an Alkane {@code alkane.conf}, which is a subset of it — into a
 * {@link BerthConfig}. All errors are collected and thrown together, each naming file, line and key.
 *
 * <p>Relative paths: Alkane's {@code roots} resolve against the working directory (as Alkane does);
 * berth's own paths ({@code root}, {@code token-file}, {@code secret-file}) against the config file's folder.
 */
public final class ConfigLoader {
    private final Path workingDirectory;

    public ConfigLoader(Path workingDirectory) {
        this.workingDirectory = workingDirectory.toAbsolutePath();
    }

    public static ConfigLoader fromProcess() {
        return new ConfigLoader(Path.of(""));
    }

    public BerthConfig load(Path file) throws ConfigException {
        ConfigReport report = new ConfigReport();
        YamlMap top = YamlDocument.read(file, report);
        return read(file.toAbsolutePath(), top, report);
    }

    BerthConfig read(Path file, YamlMap top, ConfigReport report) throws ConfigException {
        Path configFolder = file.getParent() == null ? workingDirectory : file.getParent();

        Map<String, String> rootValues = readRootValues(top);
        AlkaneRoots roots = new AlkaneRoots(
                rootPath(rootValues, "db", AlkaneRoots.DEFAULT_DB),
                rootPath(rootValues, "sites", AlkaneRoots.DEFAULT_SITES),
                rootPath(rootValues, "recipes", AlkaneRoots.DEFAULT_RECIPES));
        Path dataRoot = top.string("root")
                .map(root -> configFolder.resolve(root).normalize())
                // An Alkane file has no data root: keep berth's state beside Alkane's own markers.
                .orElseGet(() -> rootValues.containsKey("db") ? roots.db() : Path.of("/var/lib/berth"));
        String template = top.string("site_directory_template", BerthConfig.DEFAULT_TEMPLATE);
        checkTemplate(top, template);

        SiteSettings defaults = top.map("site-defaults")
                .map(map -> SiteSettings.DEFAULTS.overriddenBy(readSiteOverride(map)))
                .orElse(SiteSettings.DEFAULTS);
        Map<String, SiteSettingsOverride> sites = readSites(top);
        ApiSettings api = top.map("api").map(map -> readApi(map, configFolder))
                .orElse(new ApiSettings(ApiSettings.DEFAULT_ADDRESS, ApiSettings.DEFAULT_PORT, "/", true,
                        ApiSettings.DEFAULT_BODY_LIMIT, List.of(), List.of()));
        long outputLimit = top.map("store").map(store -> {
            long limit = store.byteSize("output-limit").orElse(BerthConfig.DEFAULT_OUTPUT_LIMIT);
            store.warnUnreadKeys();
            return limit;
        }).orElse(BerthConfig.DEFAULT_OUTPUT_LIMIT);

        AppSettings apps = AppSettingsReader.read(top, configFolder);
        boolean proxyConfigured = top.has("listeners") || top.has("host") || top.has("port") || top.has("ssl");
        PostgresSettings postgres = PostgresSettingsReader.read(top, configFolder);
        NotificationSettings notifications = NotificationSettingsReader.read(top);

        top.warnUnreadKeys();
        report.throwIfErrors();
        return new BerthConfig(file, dataRoot, roots, template, defaults, sites, api, outputLimit, apps,
                proxyConfigured, postgres, notifications, report.warnings());
    }

    /** The {@code roots} keys that are set, each read once (so a mistake is reported once). */
    private static Map<String, String> readRootValues(YamlMap top) {
        Map<String, String> values = new LinkedHashMap<>();
        top.map("roots").ifPresent(map -> {
            for (String key : List.of("db", "sites", "recipes")) {
                map.string(key).ifPresent(value -> values.put(key, value));
            }
            map.warnUnreadKeys();
        });
        return values;
    }

    private Path rootPath(Map<String, String> values, String key, String fallback) {
        return workingDirectory.resolve(values.getOrDefault(key, fallback)).normalize();
    }

    private static void checkTemplate(YamlMap top, String template) {
        String stripped = template.replace("%fqdn%", "").replace("%subdomain%", "")
                .replace("%domain%", "").replace("%tld%", "");
        if (template.isBlank() || template.startsWith("/") || stripped.contains("%")
                || List.of(template.split("/")).contains("..")) {
            top.error("site_directory_template", "expected a relative path made of %fqdn%, %subdomain%, %domain%, "
                    + "%tld% and plain text, like \"%domain%.%tld%/%subdomain%\"; found \"" + template + "\"");
        }
    }

    private Map<String, SiteSettingsOverride> readSites(YamlMap top) {
        Map<String, SiteSettingsOverride> sites = new LinkedHashMap<>();
        top.map("sites").ifPresent(map -> {
            for (String name : map.keys()) {
                try {
                    SiteName site = SiteName.parse(name);
                    map.map(name).ifPresent(entry -> sites.put(site.value(), readSiteOverride(entry)));
                } catch (InvalidSiteNameException e) {
                    map.node(name);
                    map.error(name, "expected a site name as the key; " + e.getMessage());
                }
            }
        });
        return sites;
    }

    private static SiteSettingsOverride readSiteOverride(YamlMap map) {
        Optional<Duration> timeout = map.duration("timeout");
        timeout.filter(Duration::isZero).ifPresent(zero -> map.error("timeout", "expected a duration above zero"));
        SiteSettingsOverride override = new SiteSettingsOverride(
                timeout,
                map.string("after-success").filter(command -> !command.isBlank()),
                map.stringMap("env").orElse(Map.of()));
        map.warnUnreadKeys();
        return override;
    }

    private ApiSettings readApi(YamlMap map, Path configFolder) {
        String address = map.string("address", ApiSettings.DEFAULT_ADDRESS);
        int port = map.integer("port", 0, 65535).map(Long::intValue).orElse(ApiSettings.DEFAULT_PORT);
        String mountPoint = map.string("mount-point", "/");
        if (!mountPoint.startsWith("/")) {
            map.error("mount-point", "expected a path starting with '/', like /alkane; found \"" + mountPoint + "\"");
        }
        boolean trustLoopback = map.bool("trust-loopback", true);
        long bodyLimit = map.byteSize("body-limit").orElse(ApiSettings.DEFAULT_BODY_LIMIT);
        List<ApiToken> tokens = new ArrayList<>();
        map.mapList("tokens").ifPresent(list -> list.forEach(entry -> {
            String name = entry.string("name", "token-" + (tokens.size() + 1));
            // No 'sites' and no 'apps': the token covers everything; otherwise only what it lists.
            boolean scoped = entry.has("sites") || entry.has("apps");
            List<String> sites = scoped ? entry.stringList("sites").orElse(List.of()) : List.of("*");
            List<String> apps = scoped ? entry.stringList("apps").orElse(List.of()) : List.of("*");
            checkSitePatterns(entry, sites);
            readSecret(entry, "token", configFolder).ifPresent(secret ->
                    tokens.add(new ApiToken(name, secret, sites, apps)));
            entry.warnUnreadKeys();
        }));
        List<WebhookSecret> webhooks = new ArrayList<>();
        map.mapList("webhooks").ifPresent(list -> list.forEach(entry -> {
            String name = entry.string("name", "webhook-" + (webhooks.size() + 1));
            readSecret(entry, "secret", configFolder).ifPresent(secret ->
                    webhooks.add(new WebhookSecret(name, secret, readPatterns(entry))));
            entry.warnUnreadKeys();
        }));
        map.warnUnreadKeys();
        return new ApiSettings(address, port, mountPoint, trustLoopback, bodyLimit, tokens, webhooks);
    }

    /** A secret given inline ({@code token: …}) or, better, in a file only berth can read ({@code token-file: …}). */
    private static Optional<String> readSecret(YamlMap entry, String key, Path configFolder) {
        Optional<String> inline = entry.string(key);
        Optional<String> fileName = entry.string(key + "-file");
        if (inline.isPresent() && fileName.isPresent()) {
            entry.error(key + "-file", "expected either '" + key + "' or '" + key + "-file', not both");
            return Optional.empty();
        }
        if (fileName.isPresent()) {
            Path file = configFolder.resolve(fileName.get());
            try {
                String secret = Files.readString(file).strip();
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (permissions.contains(PosixFilePermission.OTHERS_READ)
                        || permissions.contains(PosixFilePermission.GROUP_READ)) {
                    entry.warning(key + "-file", "file " + file + " is readable by other users; chmod 600 it");
                }
                inline = Optional.of(secret);
            } catch (java.io.IOException e) {
                entry.error(key + "-file", "cannot read secret file " + file + " (" + e.getClass().getSimpleName()
                        + "); expected a readable file holding the " + key);
                return Optional.empty();
            }
        }
        if (inline.isEmpty()) {
            entry.error(key, "required key is missing; expected the " + key + " itself, or '" + key
                    + "-file' naming a file that holds it");
            return Optional.empty();
        }
        if (inline.get().length() < 16) {
            entry.error(fileName.isPresent() ? key + "-file" : key,
                    "expected a " + key + " of at least 16 characters (try: openssl rand -hex 32)");
            return Optional.empty();
        }
        return inline;
    }

    private static List<String> readPatterns(YamlMap entry) {
        List<String> patterns = entry.stringList("sites").orElse(List.of("*"));
        checkSitePatterns(entry, patterns);
        return patterns;
    }

    private static void checkSitePatterns(YamlMap entry, List<String> patterns) {
        for (String pattern : patterns) {
            try {
                new SitePattern(pattern);
            } catch (IllegalArgumentException e) {
                entry.error("sites", e.getMessage());
            }
        }
    }
}
