package org.berth.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.berth.route.RouteTarget;

/**
 * A real HTTP/1.1 backend (the JDK's server) for tests. Every answer says what the backend saw:
 * its name, the method, path, the proxy's source port and each request header, one per line.
 * Paths: {@code /slow?ms=N}, {@code /upload} (reads the body slowly, answers its size and CRC),
 * {@code /download?bytes=N} (a known pattern), {@code /close} (answers with Connection: close),
 * {@code /drip?chunks=N} (N KiB, one per 100 ms), {@code /moved} (a 302 whose Location names the backend itself).
 */
final class HttpBackend implements AutoCloseable {
    private final HttpServer server;
    private final String name;
    final AtomicInteger requests = new AtomicInteger();

    HttpBackend(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    RouteTarget.Backend target() {
        return new RouteTarget.Backend("127.0.0.1", port());
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        exchange.getResponseHeaders().add("X-Backend", name);
        try (exchange) {
            switch (path) {
                case "/upload" -> upload(exchange);
                case "/download" -> download(exchange, Long.parseLong(query.substring("bytes=".length())));
                case "/drip" -> drip(exchange, Integer.parseInt(query.substring("chunks=".length())));
                case "/slow" -> {
                    sleep(Long.parseLong(query.substring("ms=".length())));
                    echo(exchange, 200);
                }
                case "/close" -> {
                    exchange.getResponseHeaders().add("Connection", "close");
                    echo(exchange, 200);
                }
                case "/moved" -> {
                    exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + port() + "/elsewhere");
                    echo(exchange, 302);
                }
                default -> echo(exchange, 200);
            }
        }
    }

    private void echo(HttpExchange exchange, int status) throws IOException {
        exchange.getRequestBody().readAllBytes();
        StringBuilder body = new StringBuilder();
        body.append("backend: ").append(name).append('\n');
        body.append("method: ").append(exchange.getRequestMethod()).append('\n');
        body.append("uri: ").append(exchange.getRequestURI()).append('\n');
        body.append("remote-port: ").append(exchange.getRemoteAddress().getPort()).append('\n');
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            for (String value : header.getValue()) {
                body.append("header ").append(header.getKey().toLowerCase(Locale.ROOT)).append(": ").append(value).append('\n');
            }
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Reads slowly, so the proxy must hold the client back instead of buffering the body. */
    private void upload(HttpExchange exchange) throws IOException {
        CRC32 crc = new CRC32();
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        InputStream in = exchange.getRequestBody();
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            crc.update(buffer, 0, n);
            total += n;
            if (total % (1024 * 1024) < n) {
                sleep(15);
            }
        }
        byte[] answer = ("bytes=" + total + " crc=" + crc.getValue()).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, answer.length);
        exchange.getResponseBody().write(answer);
    }

    /** {@code chunks} KiB of the download pattern, one every 100 ms: a long download on one connection. */
    private void drip(HttpExchange exchange, int chunks) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(200, chunks * 1024L);
        OutputStream out = exchange.getResponseBody();
        byte[] buffer = new byte[1024];
        for (int i = 0; i < chunks; i++) {
            Patterns.fill(buffer, i * 1024L, buffer.length);
            out.write(buffer);
            out.flush();
            sleep(100);
        }
    }

    private void download(HttpExchange exchange, long size) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(200, size);
        OutputStream out = exchange.getResponseBody();
        byte[] buffer = new byte[64 * 1024];
        for (long sent = 0; sent < size; ) {
            int n = (int) Math.min(buffer.length, size - sent);
            Patterns.fill(buffer, sent, n);
            out.write(buffer, 0, n);
            sent += n;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The echoed value of one request header, or null. */
    static String seen(String echo, String header) {
        String prefix = "header " + header.toLowerCase(Locale.ROOT) + ": ";
        return echo.lines().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
                .reduce((a, b) -> a + ", " + b).orElse(null);
    }

    /** A line {@code key: value} of the echo. */
    static String field(String echo, String key) {
        return echo.lines().filter(line -> line.startsWith(key + ": ")).map(line -> line.substring(key.length() + 2))
                .findFirst().orElse(null);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
