package org.berth.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code notifications:}:
 *
 * <pre>
 * notifications:
 *   webhooks:
 *     - {url: https://chat.example.org/hooks/berth, events: [deploy-failed, crash-loop], secret: s3cret}
 *   timeout: 5s
 *   retries: 3
 * </pre>
 *
 * Records every problem with file, line and key; never throws.
 */
final class NotificationSettingsReader {
    /** The event types; the labels of {@code org.berth.app.AppEvent.Type}, which config cannot see. */
    static final List<String> EVENTS = List.of("deploy-started", "deploy-succeeded", "deploy-failed", "rollback", "crash-loop");

    private NotificationSettingsReader() {
    }

    static NotificationSettings read(YamlMap top) {
        Optional<YamlMap> block = top.map("notifications");
        if (block.isEmpty()) {
            return NotificationSettings.NONE;
        }
        YamlMap notifications = block.get();
        List<NotificationWebhook> webhooks = new ArrayList<>();
        notifications.mapList("webhooks").orElse(List.of())
                .forEach(entry -> readWebhook(entry).ifPresent(webhooks::add));
        var timeout = notifications.duration("timeout").orElse(NotificationSettings.DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.isNegative()) {
            notifications.error("timeout", "expected a duration above zero, like 5s");
        }
        int retries = notifications.integer("retries", 0, 10).map(Long::intValue).orElse(NotificationSettings.DEFAULT_RETRIES);
        notifications.warnUnreadKeys();
        return new NotificationSettings(webhooks, timeout, retries);
    }

    private static Optional<NotificationWebhook> readWebhook(YamlMap entry) {
        Optional<URI> url = entry.requiredString("url").flatMap(text -> url(entry, text));
        Set<String> events = new HashSet<>();
        entry.stringList("events").orElse(List.of()).forEach(event -> {
            if (EVENTS.contains(event)) {
                events.add(event);
            } else {
                entry.error("events", "expected event types among " + String.join(", ", EVENTS) + ", found '" + event + "'");
            }
        });
        Optional<String> secret = entry.string("secret").filter(text -> !text.isEmpty());
        entry.warnUnreadKeys();
        return url.map(address -> new NotificationWebhook(address, events, secret));
    }

    private static Optional<URI> url(YamlMap entry, String text) {
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException ignored) {
            // reported below, as any other text that is not a URL
        }
        entry.error("url", "expected an http:// or https:// URL, like https://chat.example.org/hooks/berth; found '" + text + "'");
        return Optional.empty();
    }
}
