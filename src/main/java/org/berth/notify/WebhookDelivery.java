package org.berth.notify;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.berth.auth.Authorizer;
import org.berth.config.NotificationWebhook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook's deliveries: a bounded queue and a thread of its own that posts the events in
 * order, each with retries. A slow or dead receiver only delays its own later events; what the
 * queue cannot hold is dropped and logged, never waited for. Logs name the receiver's host only:
 * hook URLs often carry a secret in their path.
 */
final class WebhookDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);
    private static final int QUEUE = 256;
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);

    private final NotificationWebhook webhook;
    private final HttpClient client;
    private final Duration timeout;
    private final int retries;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;

    WebhookDelivery(NotificationWebhook webhook, HttpClient client, Duration timeout, int retries) {
        this.webhook = webhook;
        this.client = client;
        this.timeout = timeout;
        this.retries = retries;
        this.thread = Thread.ofPlatform().daemon().name("notify-" + webhook.url().getHost()).start(this::run);
    }

    boolean wants(String event) {
        return webhook.wants(event);
    }

    /** Queues a body; never blocks. */
    void offer(byte[] body) {
        if (!queue.offer(body)) {
            LOG.warn("notifications to {}: queue full, an event was dropped ({} so far)", webhook.url().getHost(),
                    dropped.incrementAndGet());
        }
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                deliver(queue.take());
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(byte[] body) throws InterruptedException {
        HttpRequest request = request(body);
        Duration wait = FIRST_RETRY;
        for (int attempt = 0; attempt <= retries; attempt++) {
            String failure = attempt(request);
            if (failure == null) {
                return;
            }
            if (attempt == retries) {
                LOG.warn("notifications to {}: gave up after {} attempt(s): {}", webhook.url().getHost(), attempt + 1, failure);
                return;
            }
            Thread.sleep(wait.toMillis());
            wait = wait.multipliedBy(2);
        }
    }

    /** One POST; null when the receiver took it (2xx), else why not. */
    private String attempt(HttpRequest request) throws InterruptedException {
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? null : "answered " + response.statusCode();
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    private HttpRequest request(byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(webhook.url()).timeout(timeout)
                .header("Content-Type", "application/json").header("User-Agent", "berth")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        webhook.secret().ifPresent(secret -> builder.header("X-Berth-Signature-256",
                "sha256=" + HexFormat.of().formatHex(Authorizer.hmacSha256(secret, body))));
        return builder.build();
    }

    @Override
    public void close() {
        thread.interrupt();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
