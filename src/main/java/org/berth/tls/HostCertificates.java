package org.berth.tls;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.berth.route.HostPattern;

/**
 * Which certificate each host name gets, as one immutable value: exact names first, then a wildcard
 * {@code *.example.com} that matches exactly one label ({@code a.example.com}, not {@code a.b.example.com}
 * nor {@code example.com}), then Keter's rarer wildcards at another level ({@code foo.*.example.com}).
 * Built off the handshake path and swapped whole, so a lookup never takes a lock.
 */
public final class HostCertificates {
    public static final HostCertificates EMPTY = new HostCertificates(Map.of());

    private final Map<String, ServedCertificate> exact = new HashMap<>();
    /** {@code *.example.com} stored under {@code example.com}: one label stripped from the host finds it. */
    private final Map<String, ServedCertificate> leftmostWildcards = new HashMap<>();
    private final List<Map.Entry<HostPattern, ServedCertificate>> otherWildcards;
    private final Map<String, ServedCertificate> all;

    private HostCertificates(Map<String, ServedCertificate> byHost) {
        all = Map.copyOf(byHost);
        List<Map.Entry<HostPattern, ServedCertificate>> others = new java.util.ArrayList<>();
        byHost.forEach((host, served) -> {
            HostPattern pattern = new HostPattern(host);
            if (!pattern.isWildcard()) {
                exact.put(pattern.pattern(), served);
            } else if (pattern.pattern().startsWith("*.") && pattern.pattern().indexOf('*', 1) < 0) {
                leftmostWildcards.put(pattern.pattern().substring(2), served);
            } else {
                others.add(Map.entry(pattern, served));
            }
        });
        otherWildcards = List.copyOf(others);
    }

    /** Host names (exact or wildcard, as stanzas write them) to the certificate each gets. */
    public static HostCertificates of(Map<String, ServedCertificate> byHost) {
        return byHost.isEmpty() ? EMPTY : new HostCertificates(byHost);
    }

    /** The certificate for a name a client sent by SNI; empty when only the listener's default fits. */
    public Optional<ServedCertificate> find(String serverName) {
        if (serverName == null || serverName.isEmpty()) {
            return Optional.empty();
        }
        String host = serverName.toLowerCase(Locale.ROOT);
        ServedCertificate served = exact.get(host);
        if (served == null) {
            int dot = host.indexOf('.');
            served = dot > 0 ? leftmostWildcards.get(host.substring(dot + 1)) : null;
        }
        if (served == null) {
            for (Map.Entry<HostPattern, ServedCertificate> entry : otherWildcards) {
                if (entry.getKey().matches(host)) {
                    return Optional.of(entry.getValue());
                }
            }
        }
        return Optional.ofNullable(served);
    }

    /** Every entry, as given. */
    public Map<String, ServedCertificate> entries() {
        return all;
    }
}
