package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StaticRequestPathTest {

    @Test
    void segmentsAreKeptRawAndDecoded() throws Exception {
        StaticRequestPath path = StaticRequestPath.parse("/a%20b//c%2Bd/?q=%2F#frag");

        assertThat(path.rawSegments()).containsExactly("a%20b", "c%2Bd");
        assertThat(path.segments()).containsExactly("a b", "c+d");
        assertThat(path.trailingSlash()).isTrue();
        assertThat(path.rawQuery()).isEqualTo("?q=%2F");
        assertThat(path.withTrailingSlash()).isEqualTo("/a%20b/c%2Bd/?q=%2F");
        assertThat(path.displayFolder()).isEqualTo("/a b/c+d/");
    }

    @Test
    void theRootHasNoSegments() throws Exception {
        StaticRequestPath path = StaticRequestPath.parse("/");

        assertThat(path.segments()).isEmpty();
        assertThat(path.displayFolder()).isEqualTo("/");
        assertThat(path.withTrailingSlash()).isEqualTo("/");
    }

    @Test
    void percentIsDecodedOnceOnly() throws Exception {
        assertThat(StaticRequestPath.parse("/%252e%252e").segments()).containsExactly("%2e%2e");
        assertThat(StaticRequestPath.parse("/%25").segments()).containsExactly("%");
    }

    @Test
    void plusIsLiteralInAPath() throws Exception {
        assertThat(StaticRequestPath.parse("/a+b").segments()).containsExactly("a+b");
    }

    @Test
    void hiddenSegmentsAreRecognisedButWellKnownIsNot() throws Exception {
        assertThat(StaticRequestPath.parse("/a/.git/config").hidden()).isTrue();
        assertThat(StaticRequestPath.parse("/%2eenv").hidden()).isTrue();
        assertThat(StaticRequestPath.parse("/.well-known/x").hidden()).isFalse();
        assertThat(StaticRequestPath.parse("/a.b/c.").hidden()).isFalse();
    }

    @Test
    void absoluteFormIsReducedToItsPath() throws Exception {
        assertThat(StaticRequestPath.parse("HTTPS://example.org/a/b?x").segments()).containsExactly("a", "b");
        assertThat(StaticRequestPath.parse("http://example.org").segments()).isEqualTo(List.of());
    }

    @Test
    void refusalsSayWhy() {
        assertThatThrownBy(() -> StaticRequestPath.parse("/%2e%2e")).hasMessage("a dot segment");
        assertThatThrownBy(() -> StaticRequestPath.parse("/a%2Fb")).hasMessage("encoded slash");
        assertThatThrownBy(() -> StaticRequestPath.parse("/a%5Cb")).hasMessage("a backslash");
        assertThatThrownBy(() -> StaticRequestPath.parse("/a%0Db")).hasMessage("a control character");
        assertThatThrownBy(() -> StaticRequestPath.parse("/a%G0")).hasMessage("invalid percent-encoding");
        // A fullwidth digit is a digit to Character.digit, never to a URL.
        assertThatThrownBy(() -> StaticRequestPath.parse("/a%\uff10\uff10")).hasMessage("invalid percent-encoding");
        assertThatThrownBy(() -> StaticRequestPath.parse("/%c3")).hasMessage("not UTF-8");
        assertThatThrownBy(() -> StaticRequestPath.parse("relative")).hasMessage("the path does not start with /");
    }
}
