package org.berth.auth;

import java.net.InetAddress;
import java.util.Optional;

/**
 * What an HTTP caller presented, taken from the request by the API adapter.
 *
 * @param remote          the peer address of the connection
 * @param bearerToken     from {@code Authorization: Bearer …}
 * @param hubSignature    GitHub/Gitea {@code X-Hub-Signature-256: sha256=<hex>}
 * @param gitlabToken     GitLab {@code X-Gitlab-Token}
 * @param body            the raw body, which a hub signature covers
 */
public record Credentials(InetAddress remote, Optional<String> bearerToken, Optional<String> hubSignature,
                          Optional<String> gitlabToken, byte[] body) {

    public boolean presentsAny() {
        return bearerToken.isPresent() || hubSignature.isPresent() || gitlabToken.isPresent();
    }
}
