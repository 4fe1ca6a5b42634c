package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.berth.bundle.RedirectAction;
import org.berth.bundle.RedirectStanza;
import org.berth.bundle.RedirectTarget;
import org.berth.bundle.Ssl;
import org.junit.jupiter.api.Test;

class RedirectResolverTest {

    private static RedirectStanza stanza(int status, RedirectAction... actions) {
        return new RedirectStanza(List.of("old.example"), List.of(actions), status, Ssl.OFF, false, 1);
    }

    private static RedirectAction url(String path, String url) {
        return new RedirectAction(Optional.ofNullable(path), new RedirectTarget.UrlTarget(url));
    }

    private static RedirectAction host(String path, String host, boolean secure, Integer port) {
        return new RedirectAction(Optional.ofNullable(path), new RedirectTarget.HostTarget(host, secure,
                port == null ? OptionalInt.empty() : OptionalInt.of(port)));
    }

    private static Optional<RedirectResponse> resolve(RedirectStanza stanza, String target) {
        return RedirectResolver.resolve(stanza, target);
    }

    @Test
    void anExactPathSendsItsUrlAsWritten() {
        RedirectStanza stanza = stanza(303, url("/old", "https://new.example/moved?from=old"),
                host(null, "new.example", false, null));

        assertThat(resolve(stanza, "/old")).contains(new RedirectResponse(303, "https://new.example/moved?from=old"));
        // The query is not part of the path, and a url target does not take it along.
        assertThat(resolve(stanza, "/old?x=1")).contains(new RedirectResponse(303, "https://new.example/moved?from=old"));
    }

    @Test
    void theFirstMatchingActionWins() {
        RedirectStanza stanza = stanza(303, url("/a", "https://first.example/"), url(null, "https://fallback.example/"),
                url("/b", "https://never.example/"));

        assertThat(resolve(stanza, "/a")).map(RedirectResponse::location).contains("https://first.example/");
        assertThat(resolve(stanza, "/b")).map(RedirectResponse::location).contains("https://fallback.example/");
        assertThat(resolve(stanza, "/")).map(RedirectResponse::location).contains("https://fallback.example/");
    }

    @Test
    void pathsMatchExactly() {
        RedirectStanza stanza = stanza(303, url("/old", "https://new.example/"));

        assertThat(resolve(stanza, "/old/")).isEmpty();
        assertThat(resolve(stanza, "/old/page")).isEmpty();
        assertThat(resolve(stanza, "/OLD")).isEmpty();
        assertThat(resolve(stanza, "/")).isEmpty();
    }

    @Test
    void theRawOrTheDecodedPathMatches() {
        RedirectStanza decoded = stanza(303, url("/a b/café", "https://new.example/"));
        RedirectStanza raw = stanza(303, url("/a%20b", "https://new.example/"));

        assertThat(resolve(decoded, "/a%20b/caf%C3%A9")).isPresent();
        assertThat(resolve(decoded, "/a%20b/caf\u00c3\u00a9")).isPresent();
        assertThat(resolve(raw, "/a%20b")).isPresent();
        assertThat(resolve(decoded, "/a%2")).isEmpty();
    }

    @Test
    void aHostTargetKeepsPathAndQuery() {
        RedirectStanza stanza = stanza(301, host(null, "new.example", false, null));

        assertThat(resolve(stanza, "/shop/item%201?id=5&x=%2F"))
                .contains(new RedirectResponse(301, "http://new.example/shop/item%201?id=5&x=%2F"));
        assertThat(resolve(stanza, "/")).contains(new RedirectResponse(301, "http://new.example/"));
    }

    @Test
    void aHostTargetTakesItsSchemeFromTheAction() {
        assertThat(resolve(stanza(303, host(null, "new.example", true, null)), "/p?q"))
                .map(RedirectResponse::location).contains("https://new.example/p?q");
    }

    @Test
    void theDefaultPortOfTheSchemeIsLeftOut() {
        assertThat(resolve(stanza(303, host(null, "h.example", true, 443)), "/p")).map(RedirectResponse::location)
                .contains("https://h.example/p");
        assertThat(resolve(stanza(303, host(null, "h.example", false, 80)), "/p")).map(RedirectResponse::location)
                .contains("http://h.example/p");
        assertThat(resolve(stanza(303, host(null, "h.example", true, 8443)), "/p")).map(RedirectResponse::location)
                .contains("https://h.example:8443/p");
        assertThat(resolve(stanza(303, host(null, "h.example", false, 443)), "/p")).map(RedirectResponse::location)
                .contains("http://h.example:443/p");
    }

    @Test
    void theStanzaStatusIsUsed() {
        assertThat(resolve(stanza(RedirectStanza.DEFAULT_STATUS, url(null, "https://x.example/")), "/"))
                .map(RedirectResponse::status).contains(303);
        assertThat(resolve(stanza(RedirectStanza.LEGACY_STATUS, url(null, "https://x.example/")), "/"))
                .map(RedirectResponse::status).contains(301);
        assertThat(resolve(stanza(307, url(null, "https://x.example/")), "/"))
                .map(RedirectResponse::status).contains(307);
    }

    @Test
    void noMatchingActionIsEmpty() {
        assertThat(resolve(stanza(303, url("/only", "https://x.example/")), "/other")).isEmpty();
        assertThat(resolve(stanza(303), "/")).isEmpty();
    }

    @Test
    void anAbsoluteFormTargetIsReducedToItsPath() {
        RedirectStanza stanza = stanza(301, url("/old", "https://a.example/"), host(null, "new.example", false, null));

        assertThat(resolve(stanza, "http://old.example/old")).map(RedirectResponse::location)
                .contains("https://a.example/");
        assertThat(resolve(stanza, "http://old.example:8080/p?q=1")).map(RedirectResponse::location)
                .contains("http://new.example/p?q=1");
        assertThat(resolve(stanza, "http://old.example")).map(RedirectResponse::location)
                .contains("http://new.example/");
    }

    @Test
    void theResponseCarriesTheLocationHeader() {
        assertThat(new RedirectResponse(301, "https://x.example/").headers())
                .containsExactly(Map.entry("Location", "https://x.example/"));
    }
}
