package org.berth.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.berth.bundle.HeaderRewrite;

/**
 * Applies a reverse-proxy stanza's {@code rewrite-request} / {@code rewrite-response} rules: in
 * each value of the rule's header, the first match of {@code from} is replaced by {@code to},
 * where {@code \1} … {@code \9} insert a group and {@code \\} a backslash (Keter's syntax, not
 * Java's {@code $1}).
 */
final class HeaderRewriter {
    private HeaderRewriter() {
    }

    static void apply(List<HeaderRewrite> rules, HttpHeaders headers) {
        for (int i = 0; i < rules.size(); i++) {
            HeaderRewrite rule = rules.get(i);
            List<String> values = headers.getAll(rule.header());
            if (values.isEmpty()) {
                continue;
            }
            List<String> rewritten = new ArrayList<>(values.size());
            for (String value : values) {
                rewritten.add(rewrite(rule, value));
            }
            headers.set(rule.header(), rewritten);
        }
    }

    static String rewrite(HeaderRewrite rule, String value) {
        Matcher match = rule.from().matcher(value);
        if (!match.find()) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + rule.to().length());
        out.append(value, 0, match.start());
        expand(rule.to(), match, out);
        return out.append(value, match.end(), value.length()).toString();
    }

    private static void expand(String template, Matcher match, StringBuilder out) {
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            char next = i + 1 < template.length() ? template.charAt(i + 1) : 0;
            if (c == '\\' && next >= '1' && next <= '9') {
                int group = next - '0';
                if (group <= match.groupCount() && match.group(group) != null) {
                    out.append(match.group(group));
                }
                i++;
            } else if (c == '\\' && next == '\\') {
                out.append('\\');
                i++;
            } else {
                out.append(c);
            }
        }
    }
}
