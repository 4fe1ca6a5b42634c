package org.berth.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The CLI's way to the apps running in {@code berth server}: the same HTTP API remote callers
 * use. The server comes from {@code --server}, else the config's {@code api:} listener; the token
 * from {@code --token}, else {@code BERTH_TOKEN} (loopback needs none by default).
 */
final class ApiClient {
    private final URI base;
    private final Optional<String> token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(URI base, Optional<String> token) {
        this.base = base;
        this.token = token;
    }

    URI base() {
        return base;
    }

    /** A failed call: the server's message, or why it could not be reached. */
    static final class ApiException extends Exception {
        private final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }

        boolean unreachable() {
            return status == 0;
        }
    }

    JsonObject getObject(String path) throws ApiException {
        return new JsonObject(send(request(path).GET()));
    }

    JsonArray getArray(String path) throws ApiException {
        return new JsonArray(send(request(path).GET()));
    }

    String getText(String path) throws ApiException {
        return send(request(path).GET());
    }

    JsonObject post(String path) throws ApiException {
        return new JsonObject(send(request(path).POST(HttpRequest.BodyPublishers.noBody())));
    }

    JsonObject delete(String path) throws ApiException {
        return new JsonObject(send(request(path).DELETE()));
    }

    JsonObject put(String path, Path file) throws ApiException {
        try {
            return new JsonObject(send(request(path).timeout(Duration.ofMinutes(30))
                    .PUT(HttpRequest.BodyPublishers.ofFile(file))));
        } catch (java.io.FileNotFoundException e) {
            throw new ApiException(-1, "cannot read " + file);
        }
    }

    /** Streams a text response line by line until the server ends it. */
    void stream(String path, Consumer<String> lines) throws ApiException {
        try {
            HttpResponse<java.util.stream.Stream<String>> response = http.send(request(path).GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() >= 400) {
                throw new ApiException(response.statusCode(), message(String.join("\n", response.body().toList())));
            }
            response.body().forEach(lines);
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted");
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(base.getPath().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(60));
        token.ifPresent(value -> builder.header("Authorization", "Bearer " + value));
        return builder;
    }

    private String send(HttpRequest.Builder request) throws ApiException {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new ApiException(response.statusCode(), message(response.body()));
            }
            return response.body();
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted");
        }
    }

    private ApiException unreachable(IOException e) {
        String why = e instanceof ConnectException ? "nothing listens there" : String.valueOf(e.getMessage());
        return new ApiException(0, "cannot reach berth server at " + base + " (" + why + "); is 'berth server' running?");
    }

    /** The API answers errors as a JSON string; show it without the quotes. */
    private static String message(String body) {
        String trimmed = body.strip();
        if (trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
            return (String) io.vertx.core.json.Json.decodeValue(trimmed);
        }
        return trimmed;
    }
}
