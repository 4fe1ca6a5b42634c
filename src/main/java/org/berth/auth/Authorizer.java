package org.berth.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.berth.config.ApiSettings;
import org.berth.config.ApiToken;
import org.berth.config.WebhookSecret;
import org.berth.naming.SiteName;
import org.berth.naming.SitePattern;
import org.berth.site.Trigger;

/**
 * Decides whether an HTTP caller may act on a site. Loopback callers are trusted unless the
 * config says otherwise; everyone else needs a bearer token or a valid webhook signature whose
 * site patterns cover the site. A credential that is presented must be valid, even from
 * loopback. Secrets are compared in constant time.
 */
public final class Authorizer {
    private final ApiSettings settings;

    public Authorizer(ApiSettings settings) {
        this.settings = settings;
    }

    /** May the caller act on {@code site}? */
    public Decision authorize(Credentials credentials, SiteName site) {
        return decide(credentials, patterns -> SitePattern.anyMatches(patterns, site), "site " + site);
    }

    /** May the caller act on this app? Tokens need an {@code apps} pattern covering it; webhooks act on sites only. */
    public Decision authorizeApp(Credentials credentials, org.berth.naming.AppName app) {
        String from = credentials.remote().getHostAddress();
        if (credentials.bearerToken().isPresent()) {
            Optional<ApiToken> token = findToken(credentials.bearerToken().get());
            if (token.isEmpty()) {
                return Decision.unauthenticated("the bearer token is not valid");
            }
            if (token.get().apps().stream().noneMatch(app::matches)) {
                return Decision.forbidden("token '" + token.get().name() + "' is not allowed to act on app " + app);
            }
            return Decision.allowed(Trigger.HTTP, "token:" + token.get().name() + "@" + from);
        }
        if (credentials.hubSignature().isPresent() || credentials.gitlabToken().isPresent()) {
            return Decision.forbidden("webhooks may trigger site actions only; use a bearer token for apps");
        }
        if (settings.trustLoopback() && credentials.remote().isLoopbackAddress()) {
            return Decision.allowed(Trigger.HTTP, from);
        }
        return Decision.unauthenticated("authentication required: send 'Authorization: Bearer <token>'");
    }

    /** May the caller read things not tied to one site (the site list)? Any valid credential may. */
    public Decision authorizeAnySite(Credentials credentials) {
        return decide(credentials, patterns -> true, "this resource");
    }

    /** The site patterns a caller's credential allows, for filtering lists; empty list = everything (trusted). */
    public Optional<List<String>> scopeOf(Credentials credentials) {
        if (credentials.bearerToken().isPresent()) {
            return findToken(credentials.bearerToken().get()).map(ApiToken::sites);
        }
        return Optional.empty();
    }

    private Decision decide(Credentials credentials, Predicate<List<String>> covers, String what) {
        String from = credentials.remote().getHostAddress();
        if (credentials.bearerToken().isPresent()) {
            Optional<ApiToken> token = findToken(credentials.bearerToken().get());
            if (token.isEmpty()) {
                return Decision.unauthenticated("the bearer token is not valid");
            }
            if (!covers.test(token.get().sites())) {
                return Decision.forbidden("token '" + token.get().name() + "' is not allowed to act on " + what);
            }
            return Decision.allowed(Trigger.HTTP, "token:" + token.get().name() + "@" + from);
        }
        if (credentials.hubSignature().isPresent() || credentials.gitlabToken().isPresent()) {
            List<WebhookSecret> matching = settings.webhooks().stream()
                    .filter(webhook -> credentials.hubSignature()
                            .map(signature -> validSignature(webhook.secret(), credentials.body(), signature))
                            .orElseGet(() -> sameSecret(webhook.secret(), credentials.gitlabToken().get())))
                    .toList();
            if (matching.isEmpty()) {
                return Decision.unauthenticated("the webhook signature or token is not valid");
            }
            return matching.stream().filter(webhook -> covers.test(webhook.sites())).findFirst()
                    .map(webhook -> Decision.allowed(Trigger.WEBHOOK, "webhook:" + webhook.name() + "@" + from))
                    .orElseGet(() -> Decision.forbidden("webhook '" + matching.get(0).name()
                            + "' is not allowed to act on " + what));
        }
        if (settings.trustLoopback() && credentials.remote().isLoopbackAddress()) {
            return Decision.allowed(Trigger.HTTP, from);
        }
        return Decision.unauthenticated("authentication required: send 'Authorization: Bearer <token>' or a "
                + "signed webhook (X-Hub-Signature-256 or X-Gitlab-Token)");
    }

    private Optional<ApiToken> findToken(String presented) {
        return settings.tokens().stream().filter(token -> sameSecret(token.secret(), presented)).findFirst();
    }

    /** Checks {@code sha256=<hex>}, the HMAC-SHA256 of the body keyed with the secret. */
    static boolean validSignature(String secret, byte[] body, String header) {
        if (!header.startsWith("sha256=")) {
            return false;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(header.substring("sha256=".length()).trim());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(hmacSha256(secret, body), presented);
    }

    public static byte[] hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    private static boolean sameSecret(String expected, String presented) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
