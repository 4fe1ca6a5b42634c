package org.berth.bundle;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a {@code reverse-proxy} stanza. */
final class ReverseProxyReader {
    private ReverseProxyReader() {
    }

    static Optional<ReadStanza> read(Fields fields, boolean requiresSecure, Path configDir) {
        int errors = fields.errorCount();
        Optional<String> reversedHost = fields.requiredText("reversed-host", "the backend's host name or address");
        Optional<Long> reversedPort = fields.required("reversed-port", "the backend's port, from 1 to 65535")
                .flatMap(value -> fields.integerOf(value, fields.keyPath("reversed-port"), 1, 65535,
                        "a whole number from 1 to 65535"));
        boolean reversedSsl = reversedSsl(fields);
        Optional<HostList> hosts = HostsReader.single(fields, "reversing-host");
        Ssl ssl = SslReader.read(fields, configDir);
        Optional<org.berth.config.HstsSettings> hsts = HstsReader.read(fields);
        Optional<Duration> timeout = timeout(fields);
        List<HeaderRewrite> rewriteRequest = rewrites(fields, "rewrite-request");
        List<HeaderRewrite> rewriteResponse = rewrites(fields, "rewrite-response");
        boolean preserveHost = fields.bool("preserve-host").orElse(false);
        List<Middleware> middleware = MiddlewareReader.read(fields);
        Optional<Duration> timeBound = KeterUnits.timeBound(fields, "connection-time-bound");
        if (fields.errorCount() > errors) {
            return Optional.empty();
        }
        ReverseProxyStanza stanza = new ReverseProxyStanza(reversedHost.orElseThrow(), reversedPort.orElseThrow().intValue(),
                reversedSsl, hosts.orElseThrow().hosts(), ssl, requiresSecure, timeout, rewriteRequest, rewriteResponse,
                preserveHost, middleware, timeBound, hsts, fields.line());
        return Optional.of(new ReadStanza(stanza, hosts.get()));
    }

    /** Keter requires the key to be present (null is enough); berth takes a missing one as false. */
    private static boolean reversedSsl(Fields fields) {
        if (!fields.has("reversed-ssl")) {
            fields.warning("reversed-ssl", "missing; berth uses false, but Keter refuses a reverse-proxy stanza"
                    + " without this key (reversed-ssl: false keeps both happy)");
        }
        return fields.bool("reversed-ssl").orElse(false);
    }

    /** Keter hands the value to http-client, where a negative timeout means none and 0 times out at once. */
    private static Optional<Duration> timeout(Fields fields) {
        return fields.integer("timeout", Long.MIN_VALUE, Long.MAX_VALUE, KeterUnits.MICROSECONDS).flatMap(micros -> {
            if (micros < 0) {
                fields.warning("timeout", "a negative timeout means no timeout");
                return Optional.empty();
            }
            if (micros == 0) {
                fields.warning("timeout", "0 makes every request to the backend time out at once");
            }
            return Optional.of(Duration.of(micros, ChronoUnit.MICROS));
        });
    }

    private static List<HeaderRewrite> rewrites(Fields fields, String key) {
        List<HeaderRewrite> rules = new ArrayList<>();
        Set<String> headers = new HashSet<>();
        fields.list(key, "a list of {header, from, to} rules").ifPresent(items -> {
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                String path = fields.keyPath(key) + "[" + i + "]";
                if (!(item instanceof MappingNode mapping)) {
                    fields.error(item, path, "expected a {header, from, to} rule, found " + Nodes.describe(item));
                    continue;
                }
                rewrite(fields.child(path, mapping)).ifPresent(rule -> {
                    if (!headers.add(rule.header().toLowerCase(Locale.ROOT))) {
                        fields.warning(item, path, "an earlier rule rewrites " + rule.header()
                                + " too; Keter applies only one rule per header");
                    }
                    rules.add(rule);
                });
            }
        });
        return rules;
    }

    private static Optional<HeaderRewrite> rewrite(Fields rule) {
        Optional<String> header = rule.requiredText("header", "a header name");
        Optional<Pattern> from = rule.requiredText("from", "a regular expression").flatMap(regex -> compile(rule, regex));
        Optional<String> to = rule.requiredText("to", "the replacement text");
        rule.warnUnread("in a rewrite rule");
        if (header.isEmpty() || from.isEmpty() || to.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new HeaderRewrite(header.get(), from.get(), to.get()));
    }

    private static Optional<Pattern> compile(Fields rule, String regex) {
        try {
            return Optional.of(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            rule.error("from", "expected a regular expression, found \"" + regex + "\": " + e.getDescription()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
            return Optional.empty();
        }
    }
}
