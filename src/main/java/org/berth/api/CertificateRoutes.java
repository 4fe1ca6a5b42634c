package org.berth.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.berth.actions.Actions;
import org.berth.app.AppStatus;
import org.berth.naming.AppName;
import org.berth.tls.CertificateStatus;
import org.berth.tls.TlsService;

/**
 * An app's certificates in the apps API: each host's state in {@code GET /api/v1/apps/APP} (key
 * {@code certificates}), and {@code POST /api/v1/apps/APP/certificates/HOST/renew}, which asks the ACME CA
 * for a new certificate now. It answers 202 at once: a validation may take longer than a caller wants to
 * hold a request open, so callers follow {@code renewing} in the app's status until it is false.
 */
final class CertificateRoutes {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CertificateRoutes.class);
    private final Actions actions;

    CertificateRoutes(Actions actions) {
        this.actions = actions;
    }

    /** One entry per host of the app; empty when this server runs no proxy. */
    static JsonArray certificates(List<String> hosts, Optional<TlsService> tls) {
        JsonArray list = new JsonArray();
        tls.ifPresent(service -> hosts.forEach(host ->
                list.add(json(service.status(host)).put("renewing", service.renewing(host)))));
        return list;
    }

    static JsonObject json(CertificateStatus status) {
        return new JsonObject()
                .put("host", status.host())
                .put("state", status.state().name().toLowerCase(Locale.ROOT))
                .put("description", status.describe())
                .put("origin", status.origin().orElse(null))
                .put("notAfter", status.notAfter().map(Instant::toString).orElse(null))
                .put("renewAt", status.renewAt().map(Instant::toString).orElse(null))
                .put("problem", status.problem().orElse(null))
                .put("nextAttempt", status.nextAttempt().map(Instant::toString).orElse(null));
    }

    /** {@code POST .../certificates/:host/renew} for an app already checked to exist. */
    void renew(RoutingContext ctx, AppName app, AppStatus status) {
        String host = ctx.pathParam("host").toLowerCase(Locale.ROOT);
        Optional<TlsService> tls = actions.certificates();
        if (tls.isEmpty()) {
            Replies.error(ctx, 409, "this server runs no proxy, so it has no certificates");
        } else if (!status.hosts().contains(host)) {
            Replies.error(ctx, 404, "app " + app + " does not serve " + host);
        } else if (!tls.get().usesAcme(host)) {
            Replies.error(ctx, 409, host + " has no automatic certificate (ssl: acme, or acme.all-hosts) to renew");
        } else {
            TlsService service = tls.get();
            // The outcome (a new certificate, or a failure and its retry) shows in the host's status; only a
            // host that stopped using ACME meanwhile ends the future with an error, worth a line in the log.
            service.renewNow(host).whenComplete((renewed, failure) -> {
                if (failure != null) {
                    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                    LOG.warn("renewing the certificate for {}: {}", host, cause.getMessage());
                }
            });
            Replies.json(ctx, 202, json(service.status(host)).put("renewing", service.renewing(host)));
        }
    }
}
