package org.berth.testing;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link LoadGenerator} sends: where, with which {@code Host}, how many clients of each
 * connection style, the mix of request kinds, and when to stop. Always bounded: by a duration,
 * by a request count, or both (whichever comes first); a plan with neither stops after
 * {@link #SAFETY_LIMIT}.
 *
 * <pre>{@code
 * LoadGeneratorPlan plan = LoadGeneratorPlan.builder(proxyPort, "app.example")
 *         .clients(4, 4)               // 4 keep-alive clients, 4 opening a connection per request
 *         .mix(10, 1, 2)               // fast GETs : 1-second GETs : 64 KiB uploads
 *         .duration(Duration.ofSeconds(20))
 *         .build();
 * }</pre>
 *
 * @param address            where to connect (the proxy), usually 127.0.0.1
 * @param port               its port
 * @param hostHeader         the {@code Host} sent with every request
 * @param keepAliveClients   clients that keep one connection open for many sequential requests
 * @param newConnectionClients clients that open a new connection for every request
 * @param fastWeight         relative share of fast GETs ({@link #fastPath})
 * @param slowWeight         relative share of slow GETs ({@link #slowPath}, VersionApp sleeps there)
 * @param uploadWeight       relative share of POSTs with a random body of {@link #uploadBytes}
 * @param fastPath           path of fast requests; the answer body is taken as the version
 * @param slowPath           path of slow requests
 * @param uploadPath         path of uploads
 * @param uploadBytes        size of each upload body
 * @param duration           how long clients start new requests; null for no time bound
 * @param maxRequests        how many requests in all; 0 for no count bound
 * @param connectTimeout     longest wait for a connection
 * @param requestTimeout     longest wait for any read of an answer (socket read timeout)
 * @param pause              each client's pause between two requests (keeps the rate modest)
 * @param seed               seeds each client's random choices and bodies, for repeatable runs
 */
public record LoadGeneratorPlan(
        String address,
        int port,
        String hostHeader,
        int keepAliveClients,
        int newConnectionClients,
        int fastWeight,
        int slowWeight,
        int uploadWeight,
        String fastPath,
        String slowPath,
        String uploadPath,
        int uploadBytes,
        Duration duration,
        long maxRequests,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration pause,
        long seed) {

    /** How long a plan without a duration may run at most. */
    public static final Duration SAFETY_LIMIT = Duration.ofMinutes(10);

    /** What a request asks for. */
    public enum Kind {
        FAST, SLOW, UPLOAD
    }

    /** How a client uses connections. */
    public enum Connection {
        KEEP_ALIVE, NEW_PER_REQUEST
    }

    public LoadGeneratorPlan {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(hostHeader, "hostHeader");
        Objects.requireNonNull(fastPath, "fastPath");
        Objects.requireNonNull(slowPath, "slowPath");
        Objects.requireNonNull(uploadPath, "uploadPath");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(pause, "pause");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, not " + port);
        }
        if (keepAliveClients < 0 || newConnectionClients < 0 || keepAliveClients + newConnectionClients == 0) {
            throw new IllegalArgumentException("need at least one client, and no negative counts");
        }
        if (fastWeight < 0 || slowWeight < 0 || uploadWeight < 0 || fastWeight + slowWeight + uploadWeight == 0) {
            throw new IllegalArgumentException("need at least one positive weight, and no negative ones");
        }
        if (uploadBytes < 0) {
            throw new IllegalArgumentException("uploadBytes must not be negative");
        }
        if (duration != null && (duration.isNegative() || duration.isZero() || duration.compareTo(SAFETY_LIMIT) > 0)) {
            throw new IllegalArgumentException("duration must be positive and at most " + SAFETY_LIMIT);
        }
        if (maxRequests < 0) {
            throw new IllegalArgumentException("maxRequests must not be negative");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** Defaults: 2 keep-alive and 2 new-connection clients, fast GETs only, 10 s, VersionApp's paths. */
    public static Builder builder(int port, String hostHeader) {
        return new Builder(port, hostHeader);
    }

    public int clients() {
        return keepAliveClients + newConnectionClients;
    }

    /** The time after which no client starts a request (the run itself ends when the last answer is in). */
    public Duration timeBound() {
        return duration == null ? SAFETY_LIMIT : duration;
    }

    /** Picks a request kind by weight from a number in [0, total weight). */
    Kind kindFor(int draw) {
        if (draw < fastWeight) {
            return Kind.FAST;
        }
        return draw < fastWeight + slowWeight ? Kind.SLOW : Kind.UPLOAD;
    }

    int totalWeight() {
        return fastWeight + slowWeight + uploadWeight;
    }

    /** Fluent construction with defaults; {@link #build()} checks the values. */
    public static final class Builder {
        private String address = "127.0.0.1";
        private final int port;
        private final String hostHeader;
        private int keepAliveClients = 2;
        private int newConnectionClients = 2;
        private int fastWeight = 1;
        private int slowWeight;
        private int uploadWeight;
        private String fastPath = "/";
        private String slowPath = "/slow?ms=1000";
        private String uploadPath = "/upload";
        private int uploadBytes = 64 * 1024;
        private Duration duration = Duration.ofSeconds(10);
        private long maxRequests;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration pause = Duration.ZERO;
        private long seed = 1;

        private Builder(int port, String hostHeader) {
            this.port = port;
            this.hostHeader = hostHeader;
        }

        public Builder address(String value) {
            address = value;
            return this;
        }

        public Builder clients(int keepAlive, int newConnection) {
            keepAliveClients = keepAlive;
            newConnectionClients = newConnection;
            return this;
        }

        public Builder mix(int fast, int slow, int upload) {
            fastWeight = fast;
            slowWeight = slow;
            uploadWeight = upload;
            return this;
        }

        public Builder paths(String fast, String slow, String upload) {
            fastPath = fast;
            slowPath = slow;
            uploadPath = upload;
            return this;
        }

        public Builder uploadBytes(int value) {
            uploadBytes = value;
            return this;
        }

        /** Stop starting requests after this long; null to bound by {@link #maxRequests} only. */
        public Builder duration(Duration value) {
            duration = value;
            return this;
        }

        /** Stop after this many requests in all (0: no count bound). */
        public Builder maxRequests(long value) {
            maxRequests = value;
            return this;
        }

        public Builder timeouts(Duration connect, Duration request) {
            connectTimeout = connect;
            requestTimeout = request;
            return this;
        }

        public Builder pause(Duration value) {
            pause = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public LoadGeneratorPlan build() {
            return new LoadGeneratorPlan(address, port, hostHeader, keepAliveClients, newConnectionClients,
                    fastWeight, slowWeight, uploadWeight, fastPath, slowPath, uploadPath, uploadBytes, duration,
                    maxRequests, connectTimeout, requestTimeout, pause, seed);
        }
    }
}
