package org.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.berth.testing.BundleBuilder;
import org.berth.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unchanged Keter legacy global config with a {@code reverse-proxy:} list, run by a real {@code berth server}:
 * the stanza's host reaches its backend through berth's proxy, and a bundle that asks for that host — a new app,
 * or a new release of a serving one — is refused with the same clash error two bundles get, while every route
 * that served before (the global one and the app's old release) keeps serving.
 */
class GlobalReverseProxyEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String GLOBAL_HOST = "api.global.test";
    private static final String APP_HOST = "shop.global.test";

    @TempDir
    Path temp;

    @Test
    void aGlobalStanzaIsServedAndItsHostCannotBeTakenByABundle() throws Exception {
        HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/", exchange -> {
            byte[] body = ("backend saw " + exchange.getRequestHeaders().getFirst("Host") + " "
                    + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        backend.start();
        int proxyPort = FreePorts.next();
        Path config = temp.resolve("berth.yaml");
        // Keter's legacy form, as keter-config.yaml has it; berth's apps: block only keeps the test's ports apart.
        Files.writeString(config, """
                root: data
                host: 127.0.0.1
                port: %d
                reverse-proxy:
                  - reversed-host: 127.0.0.1
                    reversed-port: %d
                    reversed-ssl: false
                    reversing-host: %s
                    preserve-host: true
                apps:
                  port-range: 25400-25499
                  rescan-interval: 1s
                """.formatted(proxyPort, backend.getAddress().getPort(), GLOBAL_HOST));
        try (BerthServerProcess server = BerthServerProcess.start(temp, config)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.output()).anyMatch(line -> line.contains(
                    "serving 1 global reverse-proxy stanza(s) from " + config + " for hosts [" + GLOBAL_HOST + "]")));
            assertThat(server.output()).noneMatch(line -> line.contains("not served"));
            assertThat(get(proxyPort, GLOBAL_HOST, "/v1/items?x=1"))
                    .isEqualTo("200 backend saw " + GLOBAL_HOST + " /v1/items?x=1");

            Path shop = BundleBuilder.versionApp("v1", APP_HOST, "").writeTo(temp.resolve("build/shop-v1.keter"));
            BerthProcess.Result first = deploy(server, shop, "shop");
            assertThat(first.exitCode()).as(first.stdout() + first.stderr()).isZero();
            assertThat(get(proxyPort, APP_HOST, "/")).isEqualTo("200 v1");

            // A new app asking for the global stanza's host.
            Path thief = BundleBuilder.versionApp("t", GLOBAL_HOST, "").writeTo(temp.resolve("build/thief.keter"));
            BerthProcess.Result stolen = deploy(server, thief, "thief");
            assertThat(stolen.exitCode()).as(stolen.stdout() + stolen.stderr()).isNotZero();
            assertThat(stolen.stdout() + stolen.stderr())
                    .contains("host " + GLOBAL_HOST + " is already served by app global:reverse-proxy");

            // A serving app's next release asking for it too: refused as a whole, release 1 keeps both its host and its process.
            Path greedy = twoHostApp("v2", APP_HOST, GLOBAL_HOST).writeTo(temp.resolve("build/shop-v2.keter"));
            BerthProcess.Result second = deploy(server, greedy, "shop");
            assertThat(second.exitCode()).as(second.stdout() + second.stderr()).isNotZero();
            assertThat(second.stdout() + second.stderr())
                    .contains("host " + GLOBAL_HOST + " is already served by app global:reverse-proxy")
                    .contains("release 1 keeps serving");

            assertThat(get(proxyPort, GLOBAL_HOST, "/still")).isEqualTo("200 backend saw " + GLOBAL_HOST + " /still");
            assertThat(get(proxyPort, APP_HOST, "/")).isEqualTo("200 v1");
            assertThat(get(proxyPort, "nobody.global.test", "/")).startsWith("404 ");
        } finally {
            backend.stop(0);
        }
    }

    @Test
    void aBrokenGlobalStanzaStopsTheServerAndFailsTheCheckWithItsLineAndKey() throws Exception {
        Path config = temp.resolve("berth.yaml");
        Files.writeString(config, """
                root: data
                host: 127.0.0.1
                port: %d
                reverse-proxy:
                  - reversed-host: 127.0.0.1
                    reversed-port: "9000"
                    reversed-ssl: false
                    reversing-host: api.global.test
                """.formatted(FreePorts.next()));
        String expected = config + ":6: key 'reverse-proxy[0].reversed-port': expected a whole number from 1 to 65535, "
                + "found \"9000\"; remove the quotes to make it a number";

        BerthProcess.Result check = BerthProcess.run(temp, "config", "check", config.toString());
        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isEqualTo(ExitCodes.CONFIG);
        assertThat(check.stderr()).contains(expected);

        BerthProcess.Result server = BerthProcess.run(temp, "server", "--config", config.toString(), "--port", "0");
        assertThat(server.exitCode()).as(server.stdout() + server.stderr()).isEqualTo(ExitCodes.CONFIG);
        assertThat(server.stderr()).contains(expected);
        assertThat(server.stdout()).doesNotContain("listening");
    }

    private BerthProcess.Result deploy(BerthServerProcess server, Path bundle, String name) throws Exception {
        return BerthProcess.run(temp, "app", "deploy", bundle.toString(), "--name", name, "--server", server.url());
    }

    /** VersionApp's webapp answering on two hosts. */
    private static BundleBuilder twoHostApp(String version, String host, String other) {
        return new BundleBuilder()
                .file("bin/app", BundleBuilder.launcher(""), 0755)
                .config("stanzas:\n"
                        + "  - type: webapp\n"
                        + "    exec: ../bin/app\n"
                        + "    hosts: [" + host + ", " + other + "]\n"
                        + "    env:\n"
                        + "      VERSION: \"" + version + "\"\n");
    }

    /** A GET through berth's proxy with the given Host header: "status body". */
    private static String get(int port, String host, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String status = response.substring(response.indexOf(' ') + 1, response.indexOf(' ') + 4);
            return status + " " + response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }
}
