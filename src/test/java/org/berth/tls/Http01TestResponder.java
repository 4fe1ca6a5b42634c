package org.berth.tls;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The plain listener's part of http-01, as the proxy will do it: {@code GET /.well-known/acme-challenge/TOKEN}
 * on any host is answered with the key authorization berth publishes. Hosts in {@link #refuse} get 404, to
 * make a validation fail for real.
 */
final class Http01TestResponder implements AutoCloseable {
    private final HttpServer server;
    private final List<String> requestedHosts = new CopyOnWriteArrayList<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    private Http01TestResponder(Function<String, Optional<String>> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext(Http01Challenges.PATH_PREFIX, exchange -> answer(exchange, answers));
        server.start();
    }

    static Http01TestResponder start(Function<String, Optional<String>> answers) throws IOException {
        return new Http01TestResponder(answers);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Hosts whose challenge requests arrived, in order. */
    List<String> requestedHosts() {
        return List.copyOf(requestedHosts);
    }

    void refuse(String host) {
        refused.add(host);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange, Function<String, Optional<String>> answers) throws IOException {
        String host = exchange.getRequestHeaders().getFirst("Host").replaceFirst(":\\d+$", "");
        requestedHosts.add(host);
        String token = exchange.getRequestURI().getPath().substring(Http01Challenges.PATH_PREFIX.length());
        Optional<String> answer = refused.contains(host) ? Optional.empty() : answers.apply(token);
        byte[] body = answer.orElse("not found").getBytes(StandardCharsets.US_ASCII);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(answer.isPresent() ? 200 : 404, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
