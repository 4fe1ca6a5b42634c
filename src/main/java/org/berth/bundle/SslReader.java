package org.berth.bundle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.berth.config.AcmeChallenge;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a stanza's {@code ssl}: a boolean, or a mapping with {@code key}, {@code certificate} and
 * optional {@code chain-certificates}; berth also accepts {@code acme} and {@code {acme: CHALLENGE}}
 * (see {@link Ssl.Acme}). With only one of key and certificate Keter turns ssl off
 * silently; berth does the same and warns. Keter uses relative certificate paths as written (so
 * they depend on its working directory); berth resolves them against {@code config/} and warns.
 */
final class SslReader {
    /** Exactly this text: Keter refuses every string, so nothing Keter accepts changes meaning. */
    static final String ACME = "acme";
    private static final String EXPECTED = "expected true, false, acme or a mapping with key and certificate";

    private SslReader() {
    }

    static Ssl read(Fields fields, Path configDir) {
        Optional<Node> value = fields.value("ssl");
        if (value.isEmpty()) {
            return Ssl.OFF;
        }
        if (Nodes.isBool(value.get())) {
            return Nodes.boolValue(value.get()) ? Ssl.ON : Ssl.OFF;
        }
        if (Nodes.text(value.get()).filter(ACME::equals).isPresent()) {
            return new Ssl.Acme(Optional.empty());
        }
        if (!(value.get() instanceof MappingNode mapping)) {
            fields.error(value.get(), fields.keyPath("ssl"), EXPECTED + ", found " + Nodes.describe(value.get()));
            return Ssl.OFF;
        }
        Fields ssl = fields.child(fields.keyPath("ssl"), mapping);
        return ssl.has(ACME) ? acme(ssl) : certificate(fields, ssl, configDir);
    }

    /** {@code ssl: {acme: http-01}}: berth's form that names the challenge. */
    private static Ssl acme(Fields ssl) {
        if (ssl.has("key") || ssl.has("certificate")) {
            ssl.error(ACME, "expected either acme or key and certificate, not both");
            return Ssl.OFF;
        }
        Optional<AcmeChallenge> challenge = ssl.text(ACME).flatMap(text -> {
            Optional<AcmeChallenge> parsed = AcmeChallenge.parse(text);
            if (parsed.isEmpty()) {
                ssl.error(ACME, "expected http-01 or tls-alpn-01, the challenge the CA should use; found \"" + text + "\"");
            }
            return parsed;
        });
        ssl.warnUnread("in ssl");
        return new Ssl.Acme(challenge);
    }

    private static Ssl certificate(Fields stanza, Fields ssl, Path configDir) {
        int errors = ssl.errorCount();
        Optional<Path> key = ssl.text("key").flatMap(text -> path(ssl, "key", text, configDir));
        Optional<Path> certificate = ssl.text("certificate").flatMap(text -> path(ssl, "certificate", text, configDir));
        ssl.markRead("chain-certificates");
        if (key.isEmpty() || certificate.isEmpty()) {
            if (ssl.errorCount() == errors) {
                stanza.warning("ssl",
                        "ssl is off: the mapping needs both key and certificate (Keter turns it off without a word)");
            }
            ssl.warnUnread("in ssl");
            return Ssl.OFF;
        }
        List<Path> chain = chain(ssl, configDir);
        ssl.warnUnread("in ssl");
        return new Ssl.Certificate(key.get(), certificate.get(), chain);
    }

    private static List<Path> chain(Fields ssl, Path configDir) {
        List<Path> chain = new ArrayList<>();
        ssl.textList("chain-certificates").ifPresent(texts -> {
            SequenceNode items = (SequenceNode) ssl.value("chain-certificates").orElseThrow();
            for (int i = 0; i < texts.size(); i++) {
                resolve(ssl, items.getValue().get(i), ssl.keyPath("chain-certificates") + "[" + i + "]", texts.get(i), configDir)
                        .ifPresent(chain::add);
            }
        });
        return chain;
    }

    private static Optional<Path> path(Fields ssl, String key, String text, Path configDir) {
        return resolve(ssl, ssl.value(key).orElseThrow(), ssl.keyPath(key), text, configDir);
    }

    private static Optional<Path> resolve(Fields ssl, Node at, String keyPath, String text, Path configDir) {
        Optional<Path> path = BundlePaths.resolve(ssl, at, keyPath, text, configDir);
        if (path.isPresent() && !Path.of(text).isAbsolute()) {
            ssl.warning(at, keyPath, "relative path '" + text + "' is read from the config/ directory: " + path.get()
                    + " (Keter would read it relative to its own working directory)");
        }
        return path;
    }
}
