package org.berth.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The effective configuration: everything read from one file (berth's own or Alkane's),
 * with defaults filled in and paths made absolute. Immutable; a reload builds a new one.
 *
 * @param source       the file it was read from
 * @param dataRoot     berth's own state: the store, locks, logs
 * @param roots        Alkane's folders
 * @param siteDirectoryTemplate Alkane's template, e.g. {@code %domain%.%tld%/%subdomain%}
 * @param siteDefaults settings for every site
 * @param sites        per-site overrides, by site name
 * @param outputLimit  how many bytes of a run's output the store keeps
 * @param apps         Keter's global settings and berth's app policy (ports, timeouts, limits)
 * @param proxyConfigured true when the file names listeners (Keter's {@code listeners}, or the legacy
 *                     {@code host}/{@code port}/{@code ssl}); only then does the server open them, so an
 *                     Alkane setup with nginx on port 80 keeps working unchanged
 * @param postgres     the PostgreSQL servers berth may create apps' databases on ({@code postgres:})
 * @param notifications the webhooks told about deploys ({@code notifications:})
 * @param warnings     non-fatal problems found while reading
 */
public record BerthConfig(
        Path source,
        Path dataRoot,
        AlkaneRoots roots,
        String siteDirectoryTemplate,
        SiteSettings siteDefaults,
        Map<String, SiteSettingsOverride> sites,
        ApiSettings api,
        long outputLimit,
        AppSettings apps,
        boolean proxyConfigured,
        PostgresSettings postgres,
        NotificationSettings notifications,
        List<ConfigProblem> warnings) {

    public static final String DEFAULT_TEMPLATE = "%domain%.%tld%/%subdomain%";
    public static final long DEFAULT_OUTPUT_LIMIT = 256 * 1024;

    public BerthConfig {
        sites = Map.copyOf(sites);
        warnings = List.copyOf(warnings);
    }

    /** The settings that apply to one site: its own entry over the defaults. */
    public SiteSettings siteSettings(String siteName) {
        SiteSettingsOverride override = sites.get(siteName);
        return override == null ? siteDefaults : siteDefaults.overriddenBy(override);
    }

    public Path storeFile() {
        return dataRoot.resolve("berth.db");
    }

    public Path lockDirectory() {
        return dataRoot.resolve("locks");
    }

    /** Keter's layout under the data root: bundles are dropped here. */
    public Path incomingDirectory() {
        return dataRoot.resolve("incoming");
    }

    public Path logDirectory() {
        return dataRoot.resolve("log");
    }

    public BerthConfig withApi(ApiSettings newApi) {
        return new BerthConfig(source, dataRoot, roots, siteDirectoryTemplate, siteDefaults, sites, newApi,
                outputLimit, apps, proxyConfigured, postgres, notifications, warnings);
    }
}
