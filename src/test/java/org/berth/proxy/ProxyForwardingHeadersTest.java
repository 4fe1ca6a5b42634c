package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.berth.bundle.Middleware;
import org.berth.bundle.ReverseProxyStanza;
import org.berth.bundle.Ssl;
import org.berth.route.RouteTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProxyForwardingHeadersTest {
    private HttpBackend backend;
    private ProxyFixture proxy;

    @BeforeEach
    void startBackend() throws IOException {
        backend = new HttpBackend("echo");
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        backend.close();
    }

    /** A trusted-proxies list of 127.0.0.0/8 and 10.0.0.0/8. */
    private static final Predicate<InetAddress> LOOPBACK_AND_TEN = address -> address.isLoopbackAddress()
            || address.getAddress().length == 4 && address.getAddress()[0] == 10;

    /** A reverse-proxy stanza for local.test to the echo backend, open to loopback clients only. */
    private void routeLocalOnly() {
        proxy.route("local.test", new RouteTarget.FromStanza(new ReverseProxyStanza("127.0.0.1", backend.port(), false,
                List.of("local.test"), Ssl.OFF, false, Optional.empty(), List.of(), List.of(), true,
                List.of(new Middleware.Local(403, "local only")), Optional.empty(), 1)));
    }

    private int status(String request) throws IOException {
        try (RawHttpClient client = proxy.client()) {
            return client.exchange(request).status();
        }
    }

    private String echo(String request) throws IOException {
        try (RawHttpClient client = proxy.client()) {
            RawHttpClient.Response response = client.exchange(request);
            assertThat(response.status()).isEqualTo(200);
            return response.text();
        }
    }

    @Test
    void anUntrustedClientsForwardingHeadersAreReplaced() throws IOException {
        proxy = ProxyFixture.start();
        proxy.route("app.test", backend.target());
        String seen = echo(RawHttpClient.get("app.test:8080", "/", "X-Forwarded-For: 6.6.6.6", "X-Real-IP: 6.6.6.6",
                "X-Forwarded-Proto: https", "X-Forwarded-Host: evil.test", "X-Forwarded-Port: 443",
                "Forwarded: for=6.6.6.6;proto=https", "X-Forwarded-Ssl: on"));
        assertThat(HttpBackend.seen(seen, "x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(HttpBackend.seen(seen, "x-real-ip")).isEqualTo("127.0.0.1");
        assertThat(HttpBackend.seen(seen, "x-forwarded-proto")).isEqualTo("http");
        assertThat(HttpBackend.seen(seen, "x-forwarded-host")).isEqualTo("app.test:8080");
        assertThat(HttpBackend.seen(seen, "x-forwarded-port")).isEqualTo(Integer.toString(proxy.port));
        assertThat(HttpBackend.seen(seen, "forwarded")).isEqualTo("for=127.0.0.1;host=\"app.test:8080\";proto=http");
        assertThat(HttpBackend.seen(seen, "x-forwarded-ssl")).isNull();
    }

    @Test
    void aTrustedProxysForwardingHeadersAreKeptAndExtended() throws IOException {
        proxy = ProxyFixture.start(settings -> settings.withTrust(LOOPBACK_AND_TEN));
        proxy.route("app.test", backend.target());
        String seen = echo(RawHttpClient.get("app.test", "/", "X-Forwarded-For: 203.0.113.9, 10.0.0.2",
                "X-Forwarded-Proto: https", "X-Forwarded-Host: shop.example", "X-Forwarded-Port: 443",
                "Forwarded: for=203.0.113.9;proto=https"));
        assertThat(HttpBackend.seen(seen, "x-forwarded-for")).isEqualTo("203.0.113.9, 10.0.0.2, 127.0.0.1");
        assertThat(HttpBackend.seen(seen, "x-real-ip")).isEqualTo("203.0.113.9");
        assertThat(HttpBackend.seen(seen, "x-forwarded-proto")).isEqualTo("https");
        assertThat(HttpBackend.seen(seen, "x-forwarded-host")).isEqualTo("shop.example");
        assertThat(HttpBackend.seen(seen, "x-forwarded-port")).isEqualTo("443");
        assertThat(HttpBackend.seen(seen, "forwarded"))
                .isEqualTo("for=203.0.113.9;proto=https, for=127.0.0.1;host=app.test;proto=http");
    }

    @Test
    void aSpoofedLeftmostForwardedForDoesNotPassLocalBehindATrustedProxy() throws IOException {
        // berth behind a load balancer on loopback that appends: the client wrote the 127.0.0.1 itself.
        proxy = ProxyFixture.start(settings -> settings.withTrust(InetAddress::isLoopbackAddress));
        routeLocalOnly();
        proxy.route("app.test", backend.target());
        assertThat(status(RawHttpClient.get("local.test", "/", "X-Forwarded-For: 127.0.0.1, 203.0.113.9"))).isEqualTo(403);
        String seen = echo(RawHttpClient.get("app.test", "/", "X-Forwarded-For: 127.0.0.1, 203.0.113.9",
                "X-Real-IP: 127.0.0.1"));
        assertThat(HttpBackend.seen(seen, "x-real-ip")).isEqualTo("203.0.113.9");
        // A client the balancer itself reports as loopback still passes.
        assertThat(status(RawHttpClient.get("local.test", "/", "X-Forwarded-For: 127.0.0.1"))).isEqualTo(200);
    }

    @Test
    void withKetersIpFromHeaderAloneOnlyTheHopThePeerAppendedIsBelieved() throws IOException {
        proxy = ProxyFixture.start(settings -> settings.withTrust(address -> true, address -> false));
        routeLocalOnly();
        proxy.route("app.test", backend.target());
        assertThat(status(RawHttpClient.get("local.test", "/", "X-Forwarded-For: 127.0.0.1, 203.0.113.9"))).isEqualTo(403);
        String seen = echo(RawHttpClient.get("app.test", "/", "X-Forwarded-For: 127.0.0.1, 203.0.113.9"));
        assertThat(HttpBackend.seen(seen, "x-real-ip")).isEqualTo("203.0.113.9");
        assertThat(HttpBackend.seen(seen, "x-forwarded-for")).isEqualTo("127.0.0.1, 203.0.113.9, 127.0.0.1");
    }

    @Test
    void aTrustedProxyWithoutForwardingHeadersGetsThemSet() throws IOException {
        proxy = ProxyFixture.start(settings -> settings.withTrust(InetAddress::isLoopbackAddress));
        proxy.route("app.test", backend.target());
        String seen = echo(RawHttpClient.get("app.test", "/"));
        assertThat(HttpBackend.seen(seen, "x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(HttpBackend.seen(seen, "x-real-ip")).isEqualTo("127.0.0.1");
        assertThat(HttpBackend.seen(seen, "x-forwarded-proto")).isEqualTo("http");
    }

    @Test
    void hopByHopHeadersAreRemovedIncludingTheOnesConnectionNames() throws IOException {
        proxy = ProxyFixture.start();
        proxy.route("app.test", backend.target());
        String seen = echo(RawHttpClient.get("app.test", "/", "Connection: keep-alive, X-Session-Secret",
                "X-Session-Secret: 42", "Keep-Alive: timeout=5", "Proxy-Connection: keep-alive", "TE: trailers",
                "Upgrade: h2c", "X-Kept: yes"));
        assertThat(HttpBackend.seen(seen, "x-session-secret")).isNull();
        assertThat(HttpBackend.seen(seen, "keep-alive")).isNull();
        assertThat(HttpBackend.seen(seen, "proxy-connection")).isNull();
        assertThat(HttpBackend.seen(seen, "te")).isNull();
        assertThat(HttpBackend.seen(seen, "upgrade")).isNull();
        assertThat(HttpBackend.seen(seen, "connection")).isNull();
        assertThat(HttpBackend.seen(seen, "x-kept")).isEqualTo("yes");
    }

    @Test
    void theHostHeaderReachesTheBackendAsTheClientSentIt() throws IOException {
        proxy = ProxyFixture.start();
        proxy.route("app.test", backend.target());
        String seen = echo(RawHttpClient.get("App.Test:8080", "/path?query=1"));
        assertThat(HttpBackend.seen(seen, "host")).isEqualTo("App.Test:8080");
        assertThat(HttpBackend.field(seen, "uri")).isEqualTo("/path?query=1");
    }

    @Test
    void hopByHopHeadersOfTheResponseAreRemovedToo() throws IOException {
        try (ScriptedBackend scripted = new ScriptedBackend((socket, self) -> {
            while (self.readRequest(socket.getInputStream()) != null) {
                ScriptedBackend.write(socket, "HTTP/1.1 200 OK\r\nConnection: keep-alive, X-Internal\r\nX-Internal: 1\r\n"
                        + "Keep-Alive: timeout=5\r\nX-Public: 2\r\nContent-Length: 2\r\n\r\nok");
            }
        })) {
            proxy = ProxyFixture.start();
            proxy.route("app.test", scripted.target());
            try (RawHttpClient client = proxy.client()) {
                RawHttpClient.Response response = client.exchange(RawHttpClient.get("app.test", "/"));
                assertThat(response.header("x-internal")).isNull();
                assertThat(response.header("keep-alive")).isNull();
                assertThat(response.header("connection")).isNull();
                assertThat(response.header("x-public")).isEqualTo("2");
                assertThat(response.text()).isEqualTo("ok");
            }
        }
    }
}
