package org.berth.config;

import java.util.List;

/**
 * A bearer token a remote caller may present, limited to the sites and apps its patterns match.
 * {@link #toString()} never shows the secret, so a token cannot reach a log by accident.
 */
public record ApiToken(String name, String secret, List<String> sites, List<String> apps) {
    public ApiToken {
        sites = List.copyOf(sites);
        apps = List.copyOf(apps);
    }

    public ApiToken(String name, String secret, List<String> sites) {
        this(name, secret, sites, List.of());
    }

    @Override
    public String toString() {
        return "ApiToken[name=" + name + ", sites=" + sites + ", apps=" + apps + "]";
    }
}
