package org.berth.notify;

import java.net.http.HttpClient;
import java.util.List;
import org.berth.app.AppEvent;
import org.berth.app.AppEventListener;
import org.berth.config.NotificationSettings;

/**
 * Tells the configured webhooks about app events (deploy started, succeeded, failed, rollback,
 * crash-loop) with a JSON body. Hearing an event only queues it: delivery, retries and timeouts
 * happen on each webhook's own thread, so a receiver never holds up a deploy.
 */
public final class WebhookNotifier implements AppEventListener, AutoCloseable {
    private final List<WebhookDelivery> deliveries;

    public WebhookNotifier(NotificationSettings settings) {
        if (settings.webhooks().isEmpty()) {
            // No client without receivers: building one loads the JDK's whole TLS stack and its CA
            // certificates, several MB of a small server's memory (bench/proxy).
            this.deliveries = List.of();
            return;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.deliveries = settings.webhooks().stream()
                .map(webhook -> new WebhookDelivery(webhook, client, settings.timeout(), settings.retries())).toList();
    }

    @Override
    public void appEvent(AppEvent event) {
        String type = event.type().label();
        byte[] body = null;
        for (WebhookDelivery delivery : deliveries) {
            if (delivery.wants(type)) {
                body = body == null ? WebhookDelivery.utf8(NotificationEvent.json(event).encode()) : body;
                delivery.offer(body);
            }
        }
    }

    @Override
    public void close() {
        deliveries.forEach(WebhookDelivery::close);
    }
}
