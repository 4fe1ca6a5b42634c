package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.berth.bundle.Middleware;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MiddlewareChainTest {
    private static final InetAddress REMOTE = address("192.0.2.7");
    private static final InetAddress LOOPBACK = address("127.0.0.1");
    private static final Middleware.BasicAuth AUTH =
            new Middleware.BasicAuth(Map.of("alice", "s3cret:with colon", "bob", "pässwort"), "keter");
    private static final Map.Entry<String, String> TEXT = Map.entry("Content-Type", "text/plain; charset=utf-8");
    private static final String CHALLENGE = "Basic realm=\"keter\", charset=\"UTF-8\"";

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static HttpHeaders headers(String... nameValues) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (int i = 0; i < nameValues.length; i += 2) {
            headers.add(nameValues[i], nameValues[i + 1]);
        }
        return headers;
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static MiddlewareDecision check(List<Middleware> middleware, InetAddress peer, String... nameValues) {
        return MiddlewareChain.check(middleware, peer, "GET", "/", headers(nameValues));
    }

    private static MiddlewareDecision.Continue passes(String method) {
        return new MiddlewareDecision.Continue(method, Map.of(), List.of());
    }

    private static Middleware.Headers addHeaders(String... nameValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            headers.put(nameValues[i], nameValues[i + 1]);
        }
        return new Middleware.Headers(headers);
    }

    @Test
    void noMiddlewarePassesEverything() {
        assertThat(MiddlewareChain.of(List.of()).isEmpty()).isTrue();
        assertThat(MiddlewareChain.of(List.of())).isSameAs(MiddlewareChain.NONE);
        assertThat(check(List.of(), REMOTE)).isEqualTo(passes("GET"));
    }

    @Nested
    class BasicAuth {
        private static final MiddlewareDecision.Respond REFUSED = new MiddlewareDecision.Respond(401,
                List.of(TEXT, Map.entry("WWW-Authenticate", CHALLENGE)), "Basic authentication is required");

        @Test
        void rightCredentialsPass() {
            assertThat(check(List.of(AUTH), REMOTE, "Authorization", basic("alice:s3cret:with colon")))
                    .isEqualTo(passes("GET"));
            assertThat(check(List.of(AUTH), REMOTE, "Authorization", basic("bob:pässwort")))
                    .isEqualTo(passes("GET"));
        }

        @Test
        void theSchemeIsCaseInsensitive() {
            String credentials = basic("alice:s3cret:with colon").substring("Basic ".length());

            assertThat(check(List.of(AUTH), REMOTE, "Authorization", "basic " + credentials))
                    .isInstanceOf(MiddlewareDecision.Continue.class);
            assertThat(check(List.of(AUTH), REMOTE, "Authorization", "BASIC   " + credentials))
                    .isInstanceOf(MiddlewareDecision.Continue.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"alice:wrong", "alice:s3cret", "alice:s3cret:with colon ", "Alice:s3cret:with colon",
                "carol:s3cret:with colon", "bob:passwort", ":", "alice:", "bob:pässwort:"})
        void wrongCredentialsAreRefused(String credentials) {
            assertThat(check(List.of(AUTH), REMOTE, "Authorization", basic(credentials))).isEqualTo(REFUSED);
        }

        @Test
        void aMissingHeaderIsRefused() {
            MiddlewareDecision decision = check(List.of(AUTH), REMOTE);

            assertThat(decision).isEqualTo(REFUSED);
            assertThat(((MiddlewareDecision.Respond) decision).bodyBytes())
                    .isEqualTo("Basic authentication is required".getBytes(StandardCharsets.UTF_8));
        }

        @ParameterizedTest
        @ValueSource(strings = {"Basic", "Basic ", "Basic !!!not-base64!!!", "Basic YWxpY2U=", "Bearer YWxpY2U6eA==",
                "Digest username=\"alice\"", "YWxpY2U6czNjcmV0OndpdGggY29sb24="})
        void aMalformedHeaderIsRefused(String authorization) {
            assertThat(check(List.of(AUTH), REMOTE, "Authorization", authorization)).isEqualTo(REFUSED);
        }

        @Test
        void withoutCredentialsEveryoneIsRefused() {
            Middleware.BasicAuth none = new Middleware.BasicAuth(Map.of(), "closed");

            assertThat(check(List.of(none), REMOTE, "Authorization", basic(":"))).isInstanceOf(
                    MiddlewareDecision.Respond.class);
        }

        @Test
        void theRealmIsQuoted() {
            Middleware.BasicAuth odd = new Middleware.BasicAuth(Map.of("a", "b"), "say \"hi\" \\ bye\r\nX: y");

            MiddlewareDecision.Respond refused = (MiddlewareDecision.Respond) check(List.of(odd), REMOTE);

            assertThat(refused.headers()).contains(
                    Map.entry("WWW-Authenticate", "Basic realm=\"say \\\"hi\\\" \\\\ bye  X: y\", charset=\"UTF-8\""));
        }

        @Test
        void loopbackClientsNeedCredentialsToo() {
            assertThat(check(List.of(AUTH), LOOPBACK)).isEqualTo(REFUSED);
        }
    }

    @Nested
    class Local {
        private final Middleware.Local local = new Middleware.Local(Middleware.Local.DEFAULT_STATUS,
                Middleware.Local.DEFAULT_MESSAGE);

        @ParameterizedTest
        @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"})
        void loopbackClientsPass(String peer) {
            assertThat(check(List.of(local), address(peer))).isEqualTo(passes("GET"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"192.0.2.7", "10.0.0.1", "::2", "2001:db8::1", "::ffff:192.0.2.7", "0.0.0.0"})
        void otherClientsGetItsStatusAndMessage(String peer) {
            assertThat(check(List.of(local), address(peer))).isEqualTo(new MiddlewareDecision.Respond(401,
                    List.of(TEXT), "Unauthorized Accessing from Localhost ONLY"));
        }

        @Test
        void aConfiguredStatusAndMessageAreUsed() {
            assertThat(check(List.of(new Middleware.Local(403, "internal only")), REMOTE))
                    .isEqualTo(new MiddlewareDecision.Respond(403, List.of(TEXT), "internal only"));
        }

        @Test
        void theIpv4MappedFormIsRecognised() throws UnknownHostException {
            // Built by hand: InetAddress.getByName turns it into an IPv4 address already.
            byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 127, 0, 0, 1};
            InetAddress v6 = java.net.Inet6Address.getByAddress(null, mapped, -1);

            assertThat(MiddlewareChain.isLoopback(v6)).isTrue();
            mapped[12] = 10;
            assertThat(MiddlewareChain.isLoopback(java.net.Inet6Address.getByAddress(null, mapped, -1))).isFalse();
        }
    }

    @Nested
    class Headers {
        @Test
        void headersAreAddedToTheAnswer() {
            MiddlewareDecision decision = check(List.of(addHeaders("X-Frame-Options", "DENY",
                    "Strict-Transport-Security", "max-age=31536000")), REMOTE);

            assertThat(decision).isEqualTo(new MiddlewareDecision.Continue("GET", Map.of(), List.of(
                    Map.entry("X-Frame-Options", "DENY"), Map.entry("Strict-Transport-Security", "max-age=31536000"))));
        }

        @Test
        void innerHeadersComeBeforeOuterOnes() {
            // The last entry is the outermost, and the outermost adds its headers last.
            MiddlewareDecision decision = check(List.of(addHeaders("X-Inner", "1"), addHeaders("X-Outer", "2",
                    "X-Inner", "again")), REMOTE);

            assertThat(((MiddlewareDecision.Continue) decision).responseHeaders()).containsExactly(
                    Map.entry("X-Inner", "1"), Map.entry("X-Outer", "2"), Map.entry("X-Inner", "again"));
        }

        @Test
        void headersThatCannotBeHeadersAreDropped() {
            MiddlewareDecision decision = check(List.of(addHeaders("X-Good", "yes", "Bad Name", "x",
                    "X-Split", "a\r\nSet-Cookie: evil=1", "", "empty name")), REMOTE);

            assertThat(((MiddlewareDecision.Continue) decision).responseHeaders())
                    .containsExactly(Map.entry("X-Good", "yes"));
        }
    }

    @Nested
    class Order {
        private final Middleware.Headers header = addHeaders("X-Site", "shop");
        private final Middleware.Local local = new Middleware.Local(403, "local only");

        @Test
        void anOuterHeadersMiddlewareAppliesToARefusal() {
            // [basic-auth, headers]: headers is last, so outermost.
            MiddlewareDecision.Respond refused = (MiddlewareDecision.Respond) check(List.of(AUTH, header), REMOTE);

            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.headers()).containsExactly(TEXT, Map.entry("WWW-Authenticate", CHALLENGE),
                    Map.entry("X-Site", "shop"));
        }

        @Test
        void anInnerHeadersMiddlewareDoesNotApplyToARefusal() {
            MiddlewareDecision.Respond refused = (MiddlewareDecision.Respond) check(List.of(header, AUTH), REMOTE);

            assertThat(refused.headers()).doesNotContain(Map.entry("X-Site", "shop"));
        }

        @Test
        void theLastListedRefusesFirst() {
            // [basic-auth, local]: local is outermost and answers a remote client before basic-auth asks.
            assertThat(check(List.of(AUTH, local), REMOTE)).extracting(MiddlewareDecision.Respond.class::cast)
                    .extracting(MiddlewareDecision.Respond::status).isEqualTo(403);
            // [local, basic-auth]: basic-auth is outermost.
            assertThat(check(List.of(local, AUTH), REMOTE)).extracting(MiddlewareDecision.Respond.class::cast)
                    .extracting(MiddlewareDecision.Respond::status).isEqualTo(401);
            // With credentials, basic-auth lets the request in, and local still stops it.
            assertThat(check(List.of(local, AUTH), REMOTE, "Authorization", basic("alice:s3cret:with colon")))
                    .extracting(MiddlewareDecision.Respond.class::cast)
                    .extracting(MiddlewareDecision.Respond::status).isEqualTo(403);
        }

        @Test
        void aPreparedChainCanBeReused() {
            MiddlewareChain chain = MiddlewareChain.of(List.of(local, AUTH));

            assertThat(chain.isEmpty()).isFalse();
            for (int i = 0; i < 3; i++) {
                assertThat(chain.check(LOOPBACK, "GET", "/", headers("Authorization", basic("bob:pässwort"))))
                        .isEqualTo(passes("GET"));
            }
        }
    }

    @Nested
    class Overrides {
        private final Middleware methodOverride = new Middleware.Standard(Middleware.Kind.METHOD_OVERRIDE);
        private final Middleware acceptOverride = new Middleware.Standard(Middleware.Kind.ACCEPT_OVERRIDE);

        private MiddlewareDecision check(Middleware middleware, String method, String target) {
            return MiddlewareChain.check(List.of(middleware), REMOTE, method, target, headers());
        }

        @Test
        void aPostsMethodParameterBecomesTheMethod() {
            assertThat(check(methodOverride, "POST", "/items/1?_method=DELETE")).isEqualTo(passes("DELETE"));
            assertThat(check(methodOverride, "POST", "/items/1?a=1&_method=PUT&_method=PATCH"))
                    .isEqualTo(passes("PUT"));
            assertThat(check(methodOverride, "POST", "/?_method=put")).isEqualTo(passes("put"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"/items/1?_method=DELETE"})
        void otherMethodsAreNotOverridden(String target) {
            assertThat(check(methodOverride, "GET", target)).isEqualTo(passes("GET"));
            assertThat(check(methodOverride, "PUT", target)).isEqualTo(passes("PUT"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"/", "/?_method", "/?_method=", "/?_method=DEL%20ETE", "/?_method=GET%0D%0AX",
                "/?_method=%zz", "/?x_method=DELETE", "/_method=DELETE"})
        void aMissingOrInvalidMethodParameterChangesNothing(String target) {
            assertThat(check(methodOverride, "POST", target)).isEqualTo(passes("POST"));
        }

        @Test
        void theAcceptParameterReplacesAccept() {
            assertThat(check(acceptOverride, "GET", "/data?_accept=application%2Fjson"))
                    .isEqualTo(new MiddlewareDecision.Continue("GET", Map.of("Accept", "application/json"), List.of()));
            assertThat(check(acceptOverride, "GET", "/data?_accept=text/html;+q=0.9"))
                    .isEqualTo(new MiddlewareDecision.Continue("GET", Map.of("Accept", "text/html; q=0.9"), List.of()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"/data", "/data?_accept=", "/data?_accept=a%0Ab", "/data?_accept=%C3"})
        void aMissingOrInvalidAcceptParameterChangesNothing(String target) {
            assertThat(check(acceptOverride, "GET", target)).isEqualTo(passes("GET"));
        }
    }

    @Nested
    class Unsupported {
        @Test
        void theIgnoredStandardMiddlewareIsNamedWithAReason() {
            List<String> notes = MiddlewareChain.unsupported(List.of(
                    new Middleware.Standard(Middleware.Kind.AUTOHEAD),
                    new Middleware.Standard(Middleware.Kind.JSONP),
                    new Middleware.Standard(Middleware.Kind.METHOD_OVERRIDE_POST),
                    new Middleware.Standard(Middleware.Kind.METHOD_OVERRIDE),
                    new Middleware.Standard(Middleware.Kind.ACCEPT_OVERRIDE),
                    AUTH));

            assertThat(notes).hasSize(3);
            assertThat(notes.get(0)).startsWith("middleware 'autohead' is accepted but not applied: ");
            assertThat(notes.get(1)).startsWith("middleware 'jsonp' is accepted but not applied: ");
            assertThat(notes.get(2)).startsWith("middleware 'method-override-post' is accepted but not applied: ");
        }

        @Test
        void ignoredMiddlewarePassesEverything() {
            List<Middleware> ignored = List.of(new Middleware.Standard(Middleware.Kind.AUTOHEAD),
                    new Middleware.Standard(Middleware.Kind.JSONP),
                    new Middleware.Standard(Middleware.Kind.METHOD_OVERRIDE_POST));

            assertThat(MiddlewareChain.of(ignored).isEmpty()).isTrue();
            assertThat(MiddlewareChain.check(ignored, REMOTE, "HEAD", "/?callback=f", headers()))
                    .isEqualTo(passes("HEAD"));
        }
    }
}
