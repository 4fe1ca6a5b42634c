package org.berth.config;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * One receiver of deploy notifications.
 *
 * @param events the event types it wants ({@code deploy-started} …); empty = all
 * @param secret the key of the {@code X-Berth-Signature-256} HMAC, when set; never shown
 */
public record NotificationWebhook(URI url, Set<String> events, Optional<String> secret) {
    public NotificationWebhook {
        events = Set.copyOf(events);
    }

    public boolean wants(String event) {
        return events.isEmpty() || events.contains(event);
    }

    @Override
    public String toString() {
        return "NotificationWebhook[url=" + url + ", events=" + events + ", secret="
                + (secret.isPresent() ? "(set)" : "(none)") + "]";
    }
}
