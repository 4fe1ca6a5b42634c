package org.berth.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.berth.testing.LoadGeneratorPlan.Connection;
import org.berth.testing.LoadGeneratorPlan.Kind;

/**
 * A bounded HTTP load against one address with a chosen {@code Host}, for proving a proxy drops
 * nothing: keep-alive and new-connection clients on virtual threads, each sending a weighted
 * random mix of fast GETs, slow GETs and uploads one after the other until the plan's time or
 * request bound, recording every request's outcome.
 *
 * <pre>{@code
 * LoadGeneratorReport report = LoadGenerator.run(LoadGeneratorPlan.builder(port, "app.example")
 *         .clients(4, 4).mix(10, 1, 2).duration(Duration.ofSeconds(20)).build());
 * assertThat(report.failed()).as(report.summary()).isZero();
 * }</pre>
 *
 * <p>A request succeeds when a complete 200 answer comes; its body (trimmed) is the answering
 * version. For an upload, when the answer carries {@code X-Body-Length} (as {@link WebSocketEchoApp}'s
 * does) it must equal the bytes sent. Anything else is a failure with a reason
 * ({@link LoadGeneratorOutcome.Failure}); a failed request is not retried, and a keep-alive client
 * whose connection broke opens a new one for its next request.
 *
 * <p>{@link #run} returns once every client has stopped: no later than the time bound plus the
 * request timeout, or, should a client be stuck in a write, after that plus a grace second when
 * its connection is closed under it.
 */
public final class LoadGenerator {
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final LoadGeneratorPlan plan;
    private final long start = System.nanoTime();
    private final long deadline;
    private final AtomicLong tickets;
    private final List<LoadGeneratorClient> clients = new ArrayList<>();

    private LoadGenerator(LoadGeneratorPlan plan) {
        this.plan = plan;
        this.deadline = start + plan.timeBound().toNanos();
        this.tickets = new AtomicLong(plan.maxRequests() > 0 ? plan.maxRequests() : Long.MAX_VALUE);
    }

    /** Runs the plan to its end and reports every request. */
    public static LoadGeneratorReport run(LoadGeneratorPlan plan) throws InterruptedException {
        return new LoadGenerator(plan).run();
    }

    private LoadGeneratorReport run() throws InterruptedException {
        List<Future<List<LoadGeneratorOutcome>>> results = new ArrayList<>();
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (int i = 0; i < plan.clients(); i++) {
                Connection connection = i < plan.keepAliveClients() ? Connection.KEEP_ALIVE : Connection.NEW_PER_REQUEST;
                LoadGeneratorClient client = new LoadGeneratorClient(plan.address(), plan.port(), plan.hostHeader(),
                        plan.connectTimeout(), plan.requestTimeout());
                synchronized (clients) {
                    clients.add(client);
                }
                int index = i;
                results.add(executor.submit(() -> runClient(index, connection, client)));
            }
            executor.shutdown();
            long lastAnswer = plan.timeBound().plus(plan.requestTimeout()).plus(plan.connectTimeout()).plus(GRACE).toNanos();
            if (!executor.awaitTermination(Math.max(0, start + lastAnswer - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                closeAllConnections(); // a client blocked in a write: fail its request and let it stop
                if (!executor.awaitTermination(GRACE.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new IllegalStateException("load clients did not stop after their connections were closed");
                }
            }
        } finally {
            executor.shutdownNow();
            closeAllConnections();
        }
        long end = System.nanoTime();
        List<LoadGeneratorOutcome> outcomes = new ArrayList<>();
        for (Future<List<LoadGeneratorOutcome>> result : results) {
            outcomes.addAll(result.resultNow());
        }
        return new LoadGeneratorReport(outcomes, Duration.ofNanos(end - start));
    }

    /** One client's loop: pick a kind, send, record, pause; until time or tickets run out. */
    private List<LoadGeneratorOutcome> runClient(int index, Connection connection, LoadGeneratorClient client)
            throws InterruptedException {
        Random random = new Random(plan.seed() * 1_000_003L + index);
        byte[] uploadBody = new byte[plan.uploadBytes()];
        random.nextBytes(uploadBody);
        List<LoadGeneratorOutcome> outcomes = new ArrayList<>();
        try (client) {
            while (System.nanoTime() < deadline && tickets.getAndDecrement() > 0) {
                Kind kind = plan.kindFor(random.nextInt(plan.totalWeight()));
                outcomes.add(send(index, connection, client, kind, uploadBody));
                long pauseNanos = Math.min(plan.pause().toNanos(), deadline - System.nanoTime());
                if (pauseNanos > 0) {
                    TimeUnit.NANOSECONDS.sleep(pauseNanos);
                }
            }
        }
        return outcomes;
    }

    private LoadGeneratorOutcome send(int index, Connection connection, LoadGeneratorClient client, Kind kind,
                                      byte[] uploadBody) {
        boolean keepAlive = connection == Connection.KEEP_ALIVE;
        boolean reused = keepAlive && client.requestsOnConnection() > 0;
        long sent = System.nanoTime();
        try {
            LoadGeneratorClient.Response response = switch (kind) {
                case FAST -> client.send("GET", plan.fastPath(), null, keepAlive);
                case SLOW -> client.send("GET", plan.slowPath(), null, keepAlive);
                case UPLOAD -> client.send("POST", plan.uploadPath(), uploadBody, keepAlive);
            };
            long latency = System.nanoTime() - sent;
            String body = abbreviate(response.bodyText().trim());
            if (response.status() != 200) {
                return failed(index, kind, connection, reused, sent, latency, response.status(),
                        LoadGeneratorOutcome.Failure.STATUS, "HTTP " + response.status() + ": " + body);
            }
            if (kind == Kind.UPLOAD) {
                String received = response.header("X-Body-Length").orElse(null);
                if (received != null && !received.equals(Integer.toString(uploadBody.length))) {
                    return failed(index, kind, connection, reused, sent, latency, response.status(),
                            LoadGeneratorOutcome.Failure.BODY_LENGTH,
                            "sent " + uploadBody.length + " bytes, the backend received " + received);
                }
            }
            return new LoadGeneratorOutcome(index, kind, connection, reused, sent - start, latency, response.status(),
                    body, null, null);
        } catch (IOException e) {
            long latency = System.nanoTime() - sent;
            return failed(index, kind, connection, reused, sent, latency, 0, LoadGeneratorOutcome.Failure.of(e),
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (RuntimeException e) { // a bug here or in the client: recorded, not lost with the whole run
            long latency = System.nanoTime() - sent;
            return failed(index, kind, connection, reused, sent, latency, 0, LoadGeneratorOutcome.Failure.ERROR,
                    e.toString());
        }
    }

    private LoadGeneratorOutcome failed(int index, Kind kind, Connection connection, boolean reused, long sent,
                                        long latency, int status, LoadGeneratorOutcome.Failure failure, String detail) {
        return new LoadGeneratorOutcome(index, kind, connection, reused, sent - start, latency, status, null, failure,
                detail);
    }

    private void closeAllConnections() {
        synchronized (clients) {
            clients.forEach(LoadGeneratorClient::abort);
        }
    }

    private static String abbreviate(String text) {
        if (text.length() <= LoadGeneratorOutcome.VERSION_LIMIT) {
            return text;
        }
        return text.substring(0, LoadGeneratorOutcome.VERSION_LIMIT) + "…";
    }
}
