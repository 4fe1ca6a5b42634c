package org.berth.config;

import java.util.List;

/**
 * A bearer token a remote caller may present, limited to the sites its patterns match.
 * {@link #toString()} never shows the secret, so a token cannot reach a log by accident.
 */
public record ApiToken(String name, String secret, List<String> sites) {
    public ApiToken {
        sites = List.copyOf(sites);
    }

    @Override
    public String toString() {
        return "ApiToken[name=" + name + ", sites=" + sites + "]";
    }
}
