package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.regex.Pattern;
import org.berth.bundle.HeaderRewrite;
import org.junit.jupiter.api.Test;

class HeaderRewriterTest {

    private static HeaderRewrite rule(String header, String from, String to) {
        return new HeaderRewrite(header, Pattern.compile(from), to);
    }

    @Test
    void theFirstMatchIsReplacedWithKetersGroupSyntax() {
        assertThat(HeaderRewriter.rewrite(rule("X", "(\\w+)@(\\w+)", "\\2 at \\1"), "mail: ann@host and bob@box"))
                .isEqualTo("mail: host at ann and bob@box");
    }

    @Test
    void aDoubleBackslashIsOneAndDollarSignsAreLiteral() {
        assertThat(HeaderRewriter.rewrite(rule("X", "a", "\\\\$1"), "cat")).isEqualTo("c\\$1t");
    }

    @Test
    void aMissingOrUnmatchedGroupInsertsNothing() {
        assertThat(HeaderRewriter.rewrite(rule("X", "(a)|(b)", "[\\2\\7]"), "xa")).isEqualTo("x[]");
    }

    @Test
    void noMatchLeavesTheValue() {
        assertThat(HeaderRewriter.rewrite(rule("X", "zzz", "y"), "value")).isEqualTo("value");
    }

    @Test
    void everyValueOfTheHeaderIsRewrittenAndOthersAreLeft() {
        HttpHeaders headers = new DefaultHttpHeaders().add("Set-Cookie", "a=1; Domain=internal")
                .add("Set-Cookie", "b=2; Domain=internal").add("Other", "Domain=internal");
        HeaderRewriter.apply(List.of(rule("set-cookie", "Domain=internal", "Domain=example.org")), headers);
        assertThat(headers.getAll("Set-Cookie")).containsExactly("a=1; Domain=example.org", "b=2; Domain=example.org");
        assertThat(headers.get("Other")).isEqualTo("Domain=internal");
    }
}
