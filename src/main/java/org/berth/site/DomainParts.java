package org.berth.site;

import com.google.common.net.InternetDomainName;
import java.util.Optional;
import org.berth.naming.SiteName;

/**
 * A site name split around its registrable domain with the public suffix list (private
 * suffixes such as {@code eu.org} included): {@code bar.foo.acme.eu.org} →
 * subdomain {@code bar.foo}, domain {@code acme}, tld {@code eu.org}. A suffix the list does not
 * know falls back to the last label, as Alkane does.
 */
public record DomainParts(String subdomain, String domain, String tld) {

    /** Empty when the name has no label left for the subdomain (e.g. {@code acme.org}). */
    public static Optional<DomainParts> of(SiteName site) {
        String name = site.value();
        String tld = publicSuffix(name);
        String[] labels = name.split("\\.");
        int tldLabels = tld.split("\\.").length;
        if (labels.length < tldLabels + 2) {
            return Optional.empty();
        }
        int domainIndex = labels.length - tldLabels - 1;
        String subdomain = String.join(".", java.util.Arrays.copyOfRange(labels, 0, domainIndex));
        return Optional.of(new DomainParts(subdomain, labels[domainIndex], tld));
    }

    static String publicSuffix(String name) {
        try {
            InternetDomainName parsed = InternetDomainName.from(name);
            if (parsed.hasPublicSuffix()) {
                return parsed.publicSuffix().toString();
            }
        } catch (IllegalArgumentException | IllegalStateException notADomain) {
            // Guava refuses some valid host names (a numeric last label); use the fallback below.
        }
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
