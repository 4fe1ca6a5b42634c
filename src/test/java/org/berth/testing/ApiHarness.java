package org.berth.testing;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.berth.actions.Actions;
import org.berth.api.ApiServer;
import org.berth.config.BerthConfig;
import org.berth.config.ConfigException;
import org.berth.config.ConfigLoader;

/** berth's API on a free loopback port over a given config, with a small HTTP client for tests. */
public final class ApiHarness implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final Actions actions;
    private final ApiServer server;
    private final int port;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ApiHarness(Path configFile) throws ConfigException {
        BerthConfig loaded = new ConfigLoader(configFile.getParent()).load(configFile);
        BerthConfig config = loaded.withApi(loaded.api().withListener("127.0.0.1", 0, loaded.api().mountPoint()));
        actions = new Actions(config);
        server = new ApiServer(vertx, actions, config.api());
        port = server.start().await();
    }

    public Actions actions() {
        return actions;
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
    }

    public HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    public HttpResponse<String> post(String path, byte[] body, String... headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)), headers);
    }

    private HttpResponse<String> send(HttpRequest.Builder builder, String... headers)
            throws IOException, InterruptedException {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return client.send(builder.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public static Map<String, String> headers(String... pairs) {
        java.util.LinkedHashMap<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Override
    public void close() {
        server.close();
        actions.close();
        vertx.close().await();
    }
}
