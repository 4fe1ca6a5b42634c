package org.berth.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The app inside test bundles: listens on {@code $PORT} and answers its version. Behaviour by
 * environment: {@code VERSION} (answer), {@code START_DELAY_MS} (sleep before listening),
 * {@code HEALTH_STATUS} (status of /health, default 200), {@code EXIT_AFTER_MS} (crash later),
 * {@code EXIT_AT_ONCE=1} (crash before listening). {@code GET /slow?ms=N} answers after N ms. Every
 * answer says in {@code X-Body-Length} how many request body bytes arrived.
 */
public final class VersionApp {
    private VersionApp() {
    }

    public static void main(String[] args) throws Exception {
        if ("1".equals(System.getenv("EXIT_AT_ONCE"))) {
            System.out.println("exiting at once, as asked");
            System.exit(3);
        }
        sleep(Long.parseLong(env("START_DELAY_MS", "0")));
        String version = env("VERSION", "unknown");
        int port = Integer.parseInt(System.getenv("PORT"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int status = 200;
            String body = version;
            if (path.equals("/health")) {
                status = Integer.parseInt(env("HEALTH_STATUS", "200"));
                body = "health " + status;
            } else if (path.equals("/slow")) {
                String query = exchange.getRequestURI().getQuery();
                sleep(query == null ? 1000 : Long.parseLong(query.replace("ms=", "")));
            } else if (path.equals("/env")) {
                body = System.getenv(exchange.getRequestURI().getQuery()) + "";
            }
            // Tells the load generator how much of an upload arrived, so a body cut short by the proxy is a failure.
            long received = exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            exchange.getResponseHeaders().set("X-Body-Length", Long.toString(received));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        System.out.println("version " + version + " listening on " + port);
        long exitAfter = Long.parseLong(env("EXIT_AFTER_MS", "0"));
        if (exitAfter > 0) {
            sleep(exitAfter);
            System.out.println("crashing, as asked");
            System.exit(1);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
