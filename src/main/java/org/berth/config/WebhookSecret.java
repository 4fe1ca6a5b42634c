package org.berth.config;

import java.util.List;

/**
 * A shared secret for webhook callers: GitHub/Gitea sign the body with it
 * ({@code X-Hub-Signature-256}), GitLab sends it as {@code X-Gitlab-Token}.
 */
public record WebhookSecret(String name, String secret, List<String> sites) {
    public WebhookSecret {
        sites = List.copyOf(sites);
    }

    @Override
    public String toString() {
        return "WebhookSecret[name=" + name + ", sites=" + sites + "]";
    }
}
