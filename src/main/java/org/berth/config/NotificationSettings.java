package org.berth.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code notifications:} block: webhooks told about deploys, and how hard berth tries.
 *
 * @param timeout how long one delivery attempt may take
 * @param retries attempts after the first failed one
 */
public record NotificationSettings(List<NotificationWebhook> webhooks, Duration timeout, int retries) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_RETRIES = 3;
    public static final NotificationSettings NONE = new NotificationSettings(List.of(), DEFAULT_TIMEOUT, DEFAULT_RETRIES);

    public NotificationSettings {
        webhooks = List.copyOf(webhooks);
    }
}
