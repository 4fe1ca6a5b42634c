package org.berth.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads berth's top-level {@code acme:} and {@code hsts:} keys. Like the other readers it never throws:
 * each problem is reported with file, line and key, and the value falls back so the rest is checked.
 */
final class TlsSettingsReader {
    /** Loose on purpose: the CA checks the address; this only catches a key given the wrong value. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+");
    private static final Pattern YEARS = Pattern.compile("(\\d{1,3})y");
    private static final String PEM_FILE = "expected a readable PEM file of CA certificates (a relative path "
            + "starts at the config file's folder)";

    private TlsSettingsReader() {
    }

    static TlsSettings read(YamlMap top, Path configFolder) {
        Optional<AcmeSettings> acme = top.map("acme").map(map -> readAcme(map, configFolder));
        return new TlsSettings(acme, readHsts(top));
    }

    // --- acme ---------------------------------------------------------------------------------------

    private static AcmeSettings readAcme(YamlMap acme, Path configFolder) {
        URI directory = acme.string("directory").flatMap(text -> directory(acme, text)).orElse(AcmeSettings.LETS_ENCRYPT);
        Optional<String> email = acme.string("email");
        email.filter(text -> !EMAIL.matcher(text).matches()).ifPresent(text ->
                acme.error("email", "expected one e-mail address like admin@example.org; found \"" + text + "\""));
        boolean acceptTerms = acme.bool("accept-terms", false);
        if (!acceptTerms) {
            acme.warning("accept-terms", "no ACME account will be created until you have read the CA's terms of "
                    + "service and set 'acme.accept-terms: true'");
        }
        boolean allHosts = acme.bool("all-hosts", false);
        List<AcmeChallenge> challenges = readChallenges(acme);
        List<Path> caCertificates = readCaCertificates(acme, configFolder);
        acme.warnUnreadKeys();
        return new AcmeSettings(directory, email.filter(text -> EMAIL.matcher(text).matches()), acceptTerms, allHosts,
                challenges, caCertificates);
    }

    private static Optional<URI> directory(YamlMap acme, String text) {
        switch (text) {
            case "letsencrypt":
                return Optional.of(AcmeSettings.LETS_ENCRYPT);
            case "letsencrypt-staging":
                return Optional.of(AcmeSettings.LETS_ENCRYPT_STAGING);
            default:
                break;
        }
        try {
            URI uri = new URI(text);
            if ("https".equals(uri.getScheme()) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException malformed) {
            // reported below with the expected form
        }
        acme.error("directory", "expected the CA's ACME directory as an https URL (ACME needs HTTPS), or "
                + "letsencrypt or letsencrypt-staging; found \"" + text + "\"");
        return Optional.empty();
    }

    private static List<AcmeChallenge> readChallenges(YamlMap acme) {
        Optional<List<String>> names = acme.stringList("challenges");
        if (names.isEmpty()) {
            return AcmeSettings.DEFAULT_CHALLENGES;
        }
        List<AcmeChallenge> challenges = new ArrayList<>();
        for (String name : names.get()) {
            Optional<AcmeChallenge> challenge = AcmeChallenge.parse(name);
            if (challenge.isEmpty()) {
                acme.error("challenges", "expected http-01 or tls-alpn-01 (berth answers no other ACME challenge); "
                        + "found \"" + name + "\"");
            } else if (challenges.contains(challenge.get())) {
                acme.error("challenges", "expected each challenge once; " + name + " is listed twice");
            } else {
                challenges.add(challenge.get());
            }
        }
        if (names.get().isEmpty()) {
            acme.error("challenges", "expected at least one of http-01 and tls-alpn-01");
        }
        return challenges.isEmpty() ? AcmeSettings.DEFAULT_CHALLENGES : challenges;
    }

    /** One file or a list of them: a single test CA is the usual case, so the short form is accepted. */
    private static List<Path> readCaCertificates(YamlMap acme, Path configFolder) {
        Optional<Node> node = acme.node("ca-certificates");
        if (node.isEmpty()) {
            return List.of();
        }
        List<String> names = node.get() instanceof SequenceNode
                ? acme.stringList("ca-certificates").orElse(List.of())
                : acme.string("ca-certificates").map(List::of).orElse(List.of());
        List<Path> files = new ArrayList<>();
        for (String name : names) {
            AppSettingsReader.checkedFile(configFolder, name, PEM_FILE, message -> acme.error("ca-certificates", message))
                    .ifPresent(files::add);
        }
        return files;
    }

    // --- hsts ---------------------------------------------------------------------------------------

    /** {@code hsts: true} (one year), {@code false}, or {@code {max-age, include-subdomains, preload}}. */
    private static HstsSettings readHsts(YamlMap top) {
        Optional<Node> node = top.node("hsts");
        if (node.isEmpty()) {
            return HstsSettings.OFF;
        }
        if (node.get() instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            return YamlMap.parseBool(scalar.getValue()) ? HstsSettings.ON : HstsSettings.OFF;
        }
        if (!(node.get() instanceof MappingNode)) {
            top.error("hsts", "expected true, false or a mapping like {max-age: 1y, include-subdomains: true}; found "
                    + YamlMap.describe(node.get()));
            return HstsSettings.OFF;
        }
        YamlMap hsts = top.map("hsts").orElseThrow();
        boolean enabled = hsts.bool("enabled", true);
        Duration maxAge = hsts.node("max-age").flatMap(value -> maxAge(hsts, value)).orElse(HstsSettings.DEFAULT_MAX_AGE);
        boolean subdomains = hsts.bool("include-subdomains", false);
        boolean preload = hsts.bool("preload", false);
        if (preload && (!subdomains || maxAge.compareTo(HstsSettings.DEFAULT_MAX_AGE) < 0)) {
            hsts.error("preload", "expected include-subdomains: true and a max-age of at least 1y with preload "
                    + "(browsers' preload lists accept nothing less)");
        }
        hsts.warnUnreadKeys();
        return new HstsSettings(enabled, maxAge, subdomains, preload);
    }

    /** A berth duration, or whole years ({@code 1y} = 365 days), the unit HSTS is usually given in. */
    private static Optional<Duration> maxAge(YamlMap hsts, Node value) {
        if (value instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.BOOL)) {
            Matcher years = YEARS.matcher(scalar.getValue().trim());
            if (years.matches()) {
                return Optional.of(Duration.ofDays(365L * Integer.parseInt(years.group(1))));
            }
            Optional<Duration> parsed = Durations.parse(scalar.getValue());
            if (parsed.isPresent()) {
                return parsed;
            }
        }
        hsts.error(value, hsts.keyPath("max-age"), "expected a duration like 1y, 180d or 0s (0s tells browsers to "
                + "forget the rule); found " + YamlMap.describe(value));
        return Optional.empty();
    }
}
