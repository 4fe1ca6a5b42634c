package org.berth.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Decides when a new webapp process is ready for traffic: an HTTP request that must answer the
 * expected status (when the stanza has a {@code health-check}), else a TCP connect — polled from
 * the moment the process starts, with no fixed initial sleep (Keter sleeps 2 s per attempt).
 */
public final class ReadinessProbe {
    /** What to check: an HTTP path (with status and Host) or, when {@code path} is empty, a TCP connect. */
    public record Check(Optional<String> path, int expectedStatus, Optional<String> host, Duration interval,
                        Duration timeout, Duration startTimeout) {
    }

    /** Why a probe gave up. */
    public record Failure(String reason) {
    }

    /**
     * Polls until ready; returns empty when ready, else why not. Stops early when {@code alive}
     * turns false (the process exited: no point waiting for the rest of the timeout).
     */
    public Optional<Failure> await(int port, Check check, BooleanSupplier alive) {
        long deadline = System.nanoTime() + check.startTimeout().toNanos();
        String last = "no answer yet";
        while (true) {
            if (!alive.getAsBoolean()) {
                return Optional.of(new Failure("the process exited before it was ready (last check: " + last + ")"));
            }
            Optional<String> problem = probeOnce(port, check);
            if (problem.isEmpty()) {
                return Optional.empty();
            }
            last = problem.get();
            if (System.nanoTime() > deadline) {
                return Optional.of(new Failure("not ready within " + check.startTimeout().toMillis() + " ms: " + last));
            }
            sleep(check.interval());
        }
    }

    /** One attempt: empty when ready, else what was wrong. */
    Optional<String> probeOnce(int port, Check check) {
        if (check.path().isEmpty()) {
            return tcp(port, check.timeout());
        }
        String path = check.path().get();
        try {
            int status = httpStatus(port, path, check.host().orElse("127.0.0.1:" + port), check.timeout());
            return status == check.expectedStatus() ? Optional.empty()
                    : Optional.of("GET " + path + " answered " + status + ", expected " + check.expectedStatus());
        } catch (IOException e) {
            return Optional.of("GET " + path + " failed: " + describe(e));
        }
    }

    /**
     * A minimal HTTP/1.1 GET that reads only the status line. Hand-written because the JDK's
     * client refuses to set {@code Host}, which an app serving several hosts may need to see.
     */
    static int httpStatus(int port, String path, String host, Duration timeout) throws IOException {
        try (Socket socket = connect(port, timeout)) {
            socket.setSoTimeout((int) timeout.toMillis());
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nUser-Agent: berth-health-check\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String statusLine = reader.readLine();
            if (statusLine == null) {
                throw new IOException("connection closed without an answer");
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            return Integer.parseInt(parts[1]);
        }
    }

    private static Optional<String> tcp(int port, Duration timeout) {
        try (Socket ignored = connect(port, timeout)) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("nothing listens on port " + port);
        }
    }

    /**
     * Connects to the app's port. A port of the ephemeral range (Keter's default range is in it)
     * that nobody listens on can be "reached" by a TCP self-connect: the kernel picks the same port
     * as the connection's own source and the socket talks to itself. That is not the app.
     */
    static Socket connect(int port, Duration timeout) throws IOException {
        return connect(new Socket(), port, timeout);
    }

    /** The same from a socket made by the caller (a test binds it to force a self-connect). */
    static Socket connect(Socket socket, int port, Duration timeout) throws IOException {
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            if (socket.getLocalPort() == port) {
                throw new IOException("nothing listens on port " + port + " (the probe connected to itself)");
            }
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void sleep(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
