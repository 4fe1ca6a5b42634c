package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.berth.bundle.HeaderRewrite;
import org.berth.bundle.Middleware;
import org.berth.bundle.RedirectAction;
import org.berth.bundle.RedirectStanza;
import org.berth.bundle.RedirectTarget;
import org.berth.bundle.ReverseProxyStanza;
import org.berth.bundle.Ssl;
import org.berth.route.RouteTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** reverse-proxy and redirect stanzas, and middleware in front of a stanza. */
class ProxyStanzaTest {
    private ProxyFixture proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static ReverseProxyStanza reverseProxy(String host, int port, boolean ssl, boolean preserveHost,
                                                   List<HeaderRewrite> request, List<HeaderRewrite> response,
                                                   List<Middleware> middleware, Optional<Duration> timeout) {
        return new ReverseProxyStanza(host, port, ssl, List.of("rp.test"), Ssl.OFF, false, timeout, request, response,
                preserveHost, middleware, Optional.empty(), 1);
    }

    @Test
    void aReverseProxyStanzaPreservesHostAndRewritesHeadersBothWays() throws Exception {
        try (HttpBackend upstream = new HttpBackend("upstream")) {
            proxy = ProxyFixture.start();
            proxy.route("rp.test", new RouteTarget.FromStanza(reverseProxy("127.0.0.1", upstream.port(), false, true,
                    List.of(new HeaderRewrite("X-Api", Pattern.compile("v1/(\\w+)"), "v2/\\1")),
                    List.of(new HeaderRewrite("Location", Pattern.compile("http://127\\.0\\.0\\.1:\\d+/(.*)"),
                            "https://rp.test/\\1")), List.of(), Optional.empty())));
            try (RawHttpClient client = proxy.client()) {
                RawHttpClient.Response echo = client.exchange(RawHttpClient.get("rp.test", "/x", "X-Api: /api/v1/users"));
                assertThat(HttpBackend.seen(echo.text(), "host")).isEqualTo("rp.test");
                assertThat(HttpBackend.seen(echo.text(), "x-api")).isEqualTo("/api/v2/users");
                assertThat(HttpBackend.seen(echo.text(), "x-forwarded-for")).isEqualTo("127.0.0.1");
                RawHttpClient.Response moved = client.exchange(RawHttpClient.get("rp.test", "/moved"));
                assertThat(moved.status()).isEqualTo(302);
                assertThat(moved.header("location")).isEqualTo("https://rp.test/elsewhere");
            }
        }
    }

    @Test
    void withoutPreserveHostTheUpstreamGetsItsOwnName() throws Exception {
        try (HttpBackend upstream = new HttpBackend("upstream")) {
            proxy = ProxyFixture.start();
            proxy.route("rp.test", new RouteTarget.FromStanza(reverseProxy("127.0.0.1", upstream.port(), false, false,
                    List.of(), List.of(), List.of(), Optional.empty())));
            try (RawHttpClient client = proxy.client()) {
                RawHttpClient.Response echo = client.exchange(RawHttpClient.get("rp.test", "/"));
                assertThat(HttpBackend.seen(echo.text(), "host")).isEqualTo("127.0.0.1:" + upstream.port());
                assertThat(HttpBackend.seen(echo.text(), "x-forwarded-host")).isEqualTo("rp.test");
            }
        }
    }

    @Test
    void anHttpsUpstreamIsReachedByNameWithItsCertificateChecked(@TempDir Path folder) throws Exception {
        try (TlsUpstream upstream = new TlsUpstream(folder)) {
            io.netty.handler.ssl.SslContext trust = upstream.clientTrust();
            proxy = ProxyFixture.start(settings -> settings.withUpstreamTls(trust));
            proxy.route("rp.test", new RouteTarget.FromStanza(reverseProxy("localhost", upstream.port(), true, false,
                    List.of(), List.of(), List.of(), Optional.empty())));
            try (RawHttpClient client = proxy.client()) {
                RawHttpClient.Response response = client.exchange(RawHttpClient.get("rp.test", "/"));
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo("host: localhost:" + upstream.port());
            }
        }
    }

    @Test
    void anHttpsUpstreamWithAnUntrustedCertificateGets502(@TempDir Path folder) throws Exception {
        try (TlsUpstream upstream = new TlsUpstream(folder)) {
            proxy = ProxyFixture.start();  // the JDK's trust store does not know the test certificate
            proxy.route("rp.test", new RouteTarget.FromStanza(reverseProxy("localhost", upstream.port(), true, false,
                    List.of(), List.of(), List.of(), Optional.empty())));
            try (RawHttpClient client = proxy.client()) {
                assertThat(client.exchange(RawHttpClient.get("rp.test", "/")).status()).isEqualTo(502);
            }
        }
    }

    @Test
    void theStanzaTimeoutBoundsTheWaitForTheAnswer() throws Exception {
        try (ScriptedBackend upstream = new ScriptedBackend(ScriptedBackend.neverAnswer())) {
            proxy = ProxyFixture.start();
            proxy.route("rp.test", new RouteTarget.FromStanza(reverseProxy("127.0.0.1", upstream.port(), false, false,
                    List.of(), List.of(), List.of(), Optional.of(Duration.ofMillis(300)))));
            try (RawHttpClient client = proxy.client()) {
                long start = System.nanoTime();
                assertThat(client.exchange(RawHttpClient.get("rp.test", "/")).status()).isEqualTo(502);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            }
        }
    }

    @Test
    void basicAuthMiddlewareGuardsTheStanzaAndHeadersMiddlewareAddsToTheAnswer() throws Exception {
        try (HttpBackend upstream = new HttpBackend("upstream")) {
            proxy = ProxyFixture.start();
            proxy.route("rp.test", new RouteTarget.FromStanza(reverseProxy("127.0.0.1", upstream.port(), false, true,
                    List.of(), List.of(), List.of(new Middleware.BasicAuth(Map.of("ann", "secret"), "staging"),
                            new Middleware.Headers(Map.of("X-Frame-Options", "DENY"))), Optional.empty())));
            try (RawHttpClient client = proxy.client()) {
                RawHttpClient.Response refused = client.exchange(RawHttpClient.get("rp.test", "/"));
                assertThat(refused.status()).isEqualTo(401);
                assertThat(refused.header("www-authenticate")).contains("staging");
                String credentials = Base64.getEncoder().encodeToString("ann:secret".getBytes(StandardCharsets.UTF_8));
                RawHttpClient.Response passed = client.exchange(RawHttpClient.get("rp.test", "/",
                        "Authorization: Basic " + credentials));
                assertThat(passed.status()).isEqualTo(200);
                assertThat(passed.header("x-frame-options")).isEqualTo("DENY");
            }
            assertThat(upstream.requests).hasValue(1);
        }
    }

    @Test
    void aRedirectStanzaAnswersWithTheFirstMatchingAction() throws Exception {
        proxy = ProxyFixture.start();
        proxy.route("old.test", new RouteTarget.FromStanza(new RedirectStanza(List.of("old.test"),
                List.of(new RedirectAction(Optional.of("/special"), new RedirectTarget.UrlTarget("https://new.test/s")),
                        new RedirectAction(Optional.empty(), new RedirectTarget.HostTarget("new.test", false, java.util.OptionalInt.empty()))),
                RedirectStanza.DEFAULT_STATUS, Ssl.OFF, false, 1)));
        try (RawHttpClient client = proxy.client()) {
            RawHttpClient.Response special = client.exchange(RawHttpClient.get("old.test", "/special"));
            assertThat(special.status()).isEqualTo(303);
            assertThat(special.header("location")).isEqualTo("https://new.test/s");
            RawHttpClient.Response other = client.exchange(RawHttpClient.get("old.test", "/a?b=c"));
            assertThat(other.header("location")).isEqualTo("http://new.test/a?b=c");
        }
    }
}
