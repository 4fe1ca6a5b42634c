package org.berth.site;

import java.nio.file.Path;
import java.util.Optional;
import org.berth.naming.SiteName;

/**
 * Turns a site name into its content folder with Alkane's template
 * ({@code %fqdn%}, {@code %subdomain%}, {@code %domain%}, {@code %tld%}) and checks the result
 * stays inside the sites root, whatever the template or the name.
 */
public final class SitePathResolver {
    private final Path sitesRoot;
    private final String template;

    public SitePathResolver(Path sitesRoot, String template) {
        this.sitesRoot = sitesRoot.toAbsolutePath().normalize();
        this.template = template;
    }

    /** Empty when the template needs name parts the name does not have ("Can't resolve site path"). */
    public Optional<Path> resolve(SiteName site) {
        String subdirectory = template.replace("%fqdn%", site.value());
        if (needsDomainParts(subdirectory)) {
            Optional<DomainParts> parts = DomainParts.of(site);
            if (parts.isEmpty()) {
                return Optional.empty();
            }
            subdirectory = subdirectory
                    .replace("%subdomain%", parts.get().subdomain())
                    .replace("%domain%", parts.get().domain())
                    .replace("%tld%", parts.get().tld());
        }
        Path path = sitesRoot.resolve(subdirectory).normalize();
        return path.startsWith(sitesRoot) && !path.equals(sitesRoot) ? Optional.of(path) : Optional.empty();
    }

    static boolean needsDomainParts(String template) {
        return template.contains("%subdomain%") || template.contains("%domain%") || template.contains("%tld%");
    }
}
