package org.berth.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads Keter's global keys ({@code keter-config.yaml}, both its current and its legacy form) and
 * berth's {@code apps:} block from the top-level mapping of {@code berth.yaml}. Like every reader
 * here it never throws on bad input: each problem goes into the map's report with file, line and key,
 * and the value falls back to its default so the rest of the file is still checked.
 *
 * <p>Keter decides the form by one thing: a file with {@code listeners} is read in the current form,
 * which ignores {@code host}, {@code port}, {@code ssl} and {@code reverse-proxy}; any other file in the
 * legacy form, which ignores the keys added since. berth follows the first rule (with a warning) but
 * not the second: a key that is written is applied, with a warning that Keter did not.
 */
public final class AppSettingsReader {
    private static final List<String> LEGACY_ONLY_KEYS = List.of("host", "port", "ssl", "reverse-proxy");
    private static final List<String> CURRENT_ONLY_KEYS = List.of("env", "external-http-port", "external-https-port",
            "unknown-host-response-file", "missing-host-response-file", "proxy-exception-response-file",
            "rotate-logs", "app-crash-hook", "graceful-drain-micros");
    /** What useradd accepts, loosely: a name that sudo and getpwnam will take as it is. */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}\\$?");
    private static final String READABLE_FILE = "expected a readable file (a relative path starts at the config file's folder)";
    private static final String PEM_FILE = "expected a readable PEM file (a relative path starts at the config file's folder)";
    /** The longest connect or idle timeout of the proxy. */
    private static final Duration LONGEST_PROXY_TIMEOUT = Duration.ofDays(1);

    private AppSettingsReader() {
    }

    /**
     * A listener as read, with where it came from, so a clash can be reported at the right line;
     * {@code clean} is false when reading it found errors, so its fallback values cannot clash.
     */
    private record Located(YamlMap map, String name, ListenerSpec spec, boolean clean) {
    }

    public static AppSettings read(YamlMap top, Path configFolder) {
        boolean currentForm = top.has("listeners");
        List<ListenerSpec> listeners;
        GlobalReverseProxies globalReverseProxies = GlobalReverseProxies.NONE;
        if (currentForm) {
            ignoreLegacyKeys(top);
            listeners = readListeners(top, configFolder);
        } else {
            noteKeysKeterIgnoresInLegacyForm(top);
            listeners = readLegacyListeners(top, configFolder);
            globalReverseProxies = readReverseProxies(top, configFolder);
        }
        Optional<String> setuid = readSetuid(top);
        Map<String, String> env = readEnv(top);
        boolean ipFromHeader = top.bool("ip-from-header", false);
        int externalHttpPort = port(top, "external-http-port", AppSettings.DEFAULT_EXTERNAL_HTTP_PORT);
        int externalHttpsPort = port(top, "external-https-port", AppSettings.DEFAULT_EXTERNAL_HTTPS_PORT);
        Optional<Duration> timeBound = readConnectionTimeBound(top);
        boolean rotateLogs = top.bool("rotate-logs", true);
        Optional<String> healthcheckPath = readHealthcheckPath(top);
        ResponseFiles responseFiles = new ResponseFiles(
                responseFile(top, "unknown-host-response-file", configFolder),
                responseFile(top, "missing-host-response-file", configFolder),
                responseFile(top, "proxy-exception-response-file", configFolder));
        acceptReplacedKeys(top);
        Optional<Duration> keterDrain = keterNumber(top, "graceful-drain-micros", Long.MAX_VALUE,
                "expected a whole number of microseconds, 0 or more (Keter's unit; 20000000 = 20 seconds)")
                .map(micros -> Duration.of(micros, ChronoUnit.MICROS));
        AppPolicy apps = readApps(top, listeners, keterDrain);
        AccessLogSettings accessLog = readAccessLog(top);
        TlsSettings tls = TlsSettingsReader.read(top, configFolder);
        if (ipFromHeader && apps.trustedProxies().isEmpty()) {
            top.warning("ip-from-header", "client addresses are taken from X-Forwarded-For sent by any peer, as Keter "
                    + "does (its last entry, the one your load balancer added); list your load balancers in "
                    + "'apps.trusted-proxies' so that clients reaching berth directly cannot fake theirs");
        }
        return new AppSettings(listeners, setuid, env, ipFromHeader, externalHttpPort, externalHttpsPort, timeBound,
                rotateLogs, healthcheckPath, responseFiles, globalReverseProxies, apps, accessLog, tls);
    }

    // --- form ---------------------------------------------------------------------------------------

    private static void ignoreLegacyKeys(YamlMap top) {
        for (String key : LEGACY_ONLY_KEYS) {
            if (top.has(key)) {
                top.node(key);
                top.warning(key, "ignored: this file has 'listeners', and with it Keter ignores this legacy key too");
            }
        }
    }

    /** One warning for all of them: the behaviour differs from Keter's, but in the direction the file asks for. */
    private static void noteKeysKeterIgnoresInLegacyForm(YamlMap top) {
        List<String> present = CURRENT_ONLY_KEYS.stream().filter(top::has).toList();
        if (!present.isEmpty()) {
            top.warning(present.get(0), "Keter ignores " + String.join(", ", present) + " in a file without "
                    + "'listeners' (its legacy form); berth applies " + (present.size() == 1 ? "it" : "them"));
        }
    }

    // --- listeners ----------------------------------------------------------------------------------

    private static List<ListenerSpec> readListeners(YamlMap top, Path configFolder) {
        if (top.node("listeners").filter(node -> node instanceof SequenceNode list && list.getValue().isEmpty()).isPresent()) {
            top.error("listeners", "expected at least one listener, like - host: \"*\"");
        }
        List<YamlMap> entries = top.mapList("listeners").orElse(List.of());
        List<Located> located = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            YamlMap entry = entries.get(i);
            int errorsBefore = top.report().errors().size();
            ListenerSpec spec = readListener(entry, configFolder, false);
            located.add(new Located(entry, "listeners[" + i + "]", spec, top.report().errors().size() == errorsBefore));
        }
        checkClashes(located);
        // "listeners:" with no value, or nothing usable (already reported): Keter's default listener.
        return located.isEmpty() ? List.of(ListenerSpec.DEFAULT) : located.stream().map(Located::spec).toList();
    }

    private static List<ListenerSpec> readLegacyListeners(YamlMap top, Path configFolder) {
        int errorsBefore = top.report().errors().size();
        BindHost host = bindHost(top, "host").orElse(BindHost.ANY);
        int port = port(top, "port", ListenerSpec.DEFAULT_HTTP_PORT);
        List<Located> located = new ArrayList<>();
        located.add(new Located(top, "the 'host'/'port' listener", new ListenerSpec(host, port, Optional.empty()),
                top.report().errors().size() == errorsBefore));
        top.map("ssl").ifPresent(ssl -> {
            int sslErrorsBefore = top.report().errors().size();
            ListenerSpec spec = readListener(ssl, configFolder, true);
            located.add(new Located(ssl, "ssl", spec, top.report().errors().size() == sslErrorsBefore));
        });
        checkClashes(located);
        return located.stream().map(Located::spec).toList();
    }

    /**
     * One listener entry, or the legacy {@code ssl} block ({@code tlsRequired}). Keter's rules: port 80,
     * or 443 when both certificate and key are given; one of them without the other is an error.
     */
    private static ListenerSpec readListener(YamlMap entry, Path configFolder, boolean tlsRequired) {
        BindHost host = bindHost(entry, "host").orElse(BindHost.ANY);
        Optional<String> certificate = entry.string("certificate");
        Optional<String> key = entry.string("key");
        if (tlsRequired) {
            requireTlsFile(entry, "certificate", certificate);
            requireTlsFile(entry, "key", key);
        } else if (certificate.isPresent() != key.isPresent()) {
            String given = certificate.isPresent() ? "certificate" : "key";
            entry.error(given, "expected '" + (certificate.isPresent() ? "key" : "certificate")
                    + "' as well: a TLS listener needs both 'certificate' and 'key'");
        } else if (certificate.isEmpty()) {
            ignoreTlsOnlyKeys(entry);
        }
        boolean tls = certificate.isPresent() && key.isPresent();
        int port = port(entry, "port", tls || tlsRequired ? ListenerSpec.DEFAULT_HTTPS_PORT : ListenerSpec.DEFAULT_HTTP_PORT);
        Optional<TlsListenerSpec> tlsSpec = tls ? readTls(entry, configFolder, certificate.get(), key.get()) : Optional.empty();
        entry.warnUnreadKeys();
        return new ListenerSpec(host, port, tlsSpec);
    }

    private static void requireTlsFile(YamlMap ssl, String key, Optional<String> value) {
        if (value.isEmpty() && !ssl.hasValue(key)) {
            ssl.error(key, "required key is missing; expected the " + key + " file (PEM) of the TLS listener");
        }
    }

    /** Keter ignores them on a plain listener; an unchanged Keter file must still load, so: warn. */
    private static void ignoreTlsOnlyKeys(YamlMap entry) {
        for (String key : List.of("chain-certificates", "session")) {
            if (entry.has(key)) {
                entry.node(key);
                entry.warning(key, "ignored: only a TLS listener (one with 'certificate' and 'key') uses it");
            }
        }
    }

    private static Optional<TlsListenerSpec> readTls(YamlMap entry, Path configFolder, String certificateName, String keyName) {
        Optional<Path> certificate = checkedFile(configFolder, certificateName, PEM_FILE, message -> entry.error("certificate", message));
        Optional<Path> key = checkedFile(configFolder, keyName, PEM_FILE, message -> entry.error("key", message));
        key.ifPresent(file -> warnIfEveryoneCanRead(entry, "key", file));
        List<Path> chain = chainCertificates(entry, configFolder);
        boolean session = entry.bool("session", false);
        if (certificate.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TlsListenerSpec(certificate.get(), key.get(), chain, session));
    }

    private static List<Path> chainCertificates(YamlMap entry, Path configFolder) {
        Optional<List<String>> names = entry.stringList("chain-certificates");
        if (names.isEmpty()) {
            return List.of();
        }
        List<Node> items = ((SequenceNode) entry.node("chain-certificates").orElseThrow()).getValue();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < names.get().size(); i++) {
            Node at = items.get(i);
            String itemKey = entry.keyPath("chain-certificates") + "[" + i + "]";
            checkedFile(configFolder, names.get().get(i), PEM_FILE, message -> entry.error(at, itemKey, message))
                    .ifPresent(files::add);
        }
        return files;
    }

    /** Two listeners on the same host and port cannot both bind; say so now rather than at start-up. */
    private static void checkClashes(List<Located> listeners) {
        for (int i = 1; i < listeners.size(); i++) {
            ListenerSpec later = listeners.get(i).spec();
            for (Located earlier : listeners.subList(0, i)) {
                boolean bothClean = earlier.clean() && listeners.get(i).clean();
                if (bothClean && earlier.spec().port() == later.port() && earlier.spec().host().equals(later.host())) {
                    listeners.get(i).map().error("port", earlier.name() + " already listens on "
                            + later.host() + ":" + later.port() + "; expected each host and port once");
                    break;
                }
            }
        }
    }

    private static Optional<BindHost> bindHost(YamlMap map, String key) {
        return map.string(key).flatMap(text -> {
            try {
                return Optional.of(BindHost.parse(text));
            } catch (IllegalArgumentException e) {
                map.error(key, e.getMessage());
                return Optional.empty();
            }
        });
    }

    private static int port(YamlMap map, String key, int fallback) {
        return map.integer(key, 1, 65535).map(Long::intValue).orElse(fallback);
    }

    // --- the other global keys ----------------------------------------------------------------------

    /**
     * Keter serves these as a built-in app, and so does berth. Only their shape is checked here: each
     * entry is read as a reverse-proxy stanza by the bundle package's reader, which sits above this package.
     */
    private static GlobalReverseProxies readReverseProxies(YamlMap top, Path configFolder) {
        List<MappingNode> entries = new ArrayList<>();
        top.node("reverse-proxy").ifPresent(node -> {
            if (!(node instanceof SequenceNode list)) {
                top.error("reverse-proxy", "expected a list of reverse-proxy stanzas, found " + YamlMap.describe(node));
                return;
            }
            for (int i = 0; i < list.getValue().size(); i++) {
                Node item = list.getValue().get(i);
                if (item instanceof MappingNode mapping) {
                    entries.add(mapping);
                } else {
                    top.error(item, "reverse-proxy[" + i + "]", "expected a reverse-proxy stanza (a mapping with "
                            + "reversed-host, reversed-port, reversed-ssl and reversing-host), found " + YamlMap.describe(item));
                }
            }
        });
        return entries.isEmpty() ? GlobalReverseProxies.NONE : new GlobalReverseProxies(top.file(), configFolder, entries);
    }

    private static Optional<String> readSetuid(YamlMap top) {
        Optional<String> user = top.string("setuid");
        user.filter(name -> !USER_NAME.matcher(name).matches()).ifPresent(name ->
                top.error("setuid", "expected a user name like www-data; found \"" + name + "\""));
        return user;
    }

    /**
     * Read key by key rather than with {@link YamlMap#stringMap}, so that a bad name is reported at its
     * own line: a name with '=' or a NUL anywhere would make every app's start fail later instead.
     */
    private static Map<String, String> readEnv(YamlMap top) {
        Map<String, String> env = new LinkedHashMap<>();
        top.map("env").ifPresent(map -> {
            for (String name : map.keys()) {
                if (name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0) {
                    map.node(name);
                    map.error(name, "expected a variable name without '=' or NUL; found \"" + name + "\"");
                } else if (!map.hasValue(name)) {
                    map.error(name, "expected a text value, found nothing (null); write \"\" for an empty value");
                } else {
                    map.string(name).ifPresent(value -> {
                        if (value.indexOf('\0') >= 0) {
                            map.error(name, "expected text without NUL characters");
                        } else {
                            env.put(name, value);
                        }
                    });
                }
            }
        });
        return env;
    }

    private static Optional<Duration> readConnectionTimeBound(YamlMap top) {
        Optional<Long> millis = keterNumber(top, "connection-time-bound", Long.MAX_VALUE / 1000,
                "expected a whole number of milliseconds, 0 for no limit (Keter's unit; 300000 = 5 minutes)");
        if (millis.isEmpty()) {
            return Optional.of(AppSettings.DEFAULT_CONNECTION_TIME_BOUND);
        }
        return millis.get() == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(millis.get()));
    }

    /**
     * Keter documents {@code healthcheck-path} but its parser reads {@code app-crash-hook} into that
     * setting; both work here, so a file written to either the documentation or the code keeps working.
     */
    private static Optional<String> readHealthcheckPath(YamlMap top) {
        Optional<String> documented = top.string("healthcheck-path");
        Optional<String> parsed = top.string("app-crash-hook");
        parsed.ifPresent(path -> top.warning("app-crash-hook", "read as the health-check path, as Keter's parser "
                + "does (despite its name it is no crash hook); rename it to 'healthcheck-path'"));
        if (documented.isPresent() && parsed.isPresent()) {
            top.error("app-crash-hook", "expected either 'healthcheck-path' or 'app-crash-hook' (Keter's name for the "
                    + "same setting), not both");
        }
        String key = documented.isPresent() ? "healthcheck-path" : "app-crash-hook";
        Optional<String> path = documented.or(() -> parsed);
        path.filter(text -> !text.startsWith("/") || text.chars().anyMatch(Character::isWhitespace)).ifPresent(text ->
                top.error(key, "expected a path starting with '/' and without spaces, like /keter-health; found \"" + text + "\""));
        return path;
    }

    private static Optional<Path> responseFile(YamlMap top, String key, Path configFolder) {
        return top.string(key).flatMap(name -> checkedFile(configFolder, name, READABLE_FILE, message -> top.error(key, message)));
    }

    private static void acceptReplacedKeys(YamlMap top) {
        if (top.has("port-manager")) {
            top.node("port-manager");
            top.warning("port-manager", "ignored: Keter ignores its contents too and always hands out ports from "
                    + PortRange.KETER_DEFAULT + "; set berth's range with 'apps.port-range'");
        }
        if (top.has("cli-port")) {
            top.node("cli-port");
            top.warning("cli-port", "ignored: berth's HTTP API (the 'api' block) and the berth command replace Keter's CLI port");
        }
    }

    /**
     * berth's {@code access-log}: absent, null or {@code true} is the combined log, {@code false} none,
     * a mapping {@code {format: json, enabled: true}} chooses (both keys optional).
     */
    private static AccessLogSettings readAccessLog(YamlMap top) {
        Optional<Node> node = top.node("access-log");
        if (node.isEmpty()) {
            return AccessLogSettings.DEFAULT;
        }
        if (node.get() instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            return YamlMap.parseBool(scalar.getValue()) ? AccessLogSettings.DEFAULT : AccessLogSettings.DISABLED;
        }
        if (!(node.get() instanceof MappingNode)) {
            top.error("access-log", "expected true, false or a mapping like {format: json}; found "
                    + YamlMap.describe(node.get()));
            return AccessLogSettings.DEFAULT;
        }
        YamlMap map = top.map("access-log").orElseThrow();
        boolean enabled = map.bool("enabled", true);
        String format = map.string("format").map(text -> {
            String lower = text.toLowerCase(Locale.ROOT);
            if (AccessLogSettings.FORMATS.contains(lower)) {
                return lower;
            }
            map.error("format", "expected " + String.join(" or ", AccessLogSettings.FORMATS) + "; found \"" + text + "\"");
            return AccessLogSettings.COMBINED;
        }).orElse(AccessLogSettings.COMBINED);
        map.warnUnreadKeys();
        return new AccessLogSettings(enabled, format);
    }

    // --- berth's apps: block ------------------------------------------------------------------------

    private static AppPolicy readApps(YamlMap top, List<ListenerSpec> listeners, Optional<Duration> keterDrain) {
        // An absent block reads as an empty one: every key then takes its default.
        YamlMap apps = top.map("apps").orElseGet(() -> YamlMap.empty(top.file(), top.report()));
        PortRange portRange = readPortRange(apps, listeners);
        Duration startTimeout = positiveDuration(apps, "start-timeout", AppPolicy.DEFAULT_START_TIMEOUT);
        Duration healthTimeout = positiveDuration(apps, "health-timeout", AppPolicy.DEFAULT_HEALTH_TIMEOUT);
        if (healthTimeout.compareTo(startTimeout) > 0) {
            apps.error("health-timeout", "expected at most apps.start-timeout (" + Durations.format(startTimeout)
                    + "); found " + Durations.format(healthTimeout));
        }
        Duration drainTimeout = readDrainTimeout(apps, keterDrain);
        Duration stopTimeout = positiveDuration(apps, "stop-timeout", AppPolicy.DEFAULT_STOP_TIMEOUT);
        long bundleSizeLimit = apps.byteSize("bundle-size-limit").orElse(AppPolicy.DEFAULT_BUNDLE_SIZE_LIMIT);
        if (bundleSizeLimit == 0) {
            apps.error("bundle-size-limit", "expected a size above zero, like 1GiB");
        }
        int bundleEntryLimit = apps.integer("bundle-entry-limit", 1, Integer.MAX_VALUE).map(Long::intValue)
                .orElse(AppPolicy.DEFAULT_BUNDLE_ENTRY_LIMIT);
        int keepReleases = apps.integer("keep-releases", 1, 1000).map(Long::intValue).orElse(AppPolicy.DEFAULT_KEEP_RELEASES);
        Duration rescanInterval = positiveDuration(apps, "rescan-interval", AppPolicy.DEFAULT_RESCAN_INTERVAL);
        List<CidrBlock> trustedProxies = readTrustedProxies(apps);
        Duration connectTimeout = boundedDuration(apps, "connect-timeout", AppPolicy.DEFAULT_CONNECT_TIMEOUT);
        Duration idleTimeout = boundedDuration(apps, "idle-timeout", AppPolicy.DEFAULT_IDLE_TIMEOUT);
        apps.warnUnreadKeys();
        return new AppPolicy(portRange, startTimeout, healthTimeout, drainTimeout, stopTimeout, bundleSizeLimit,
                bundleEntryLimit, keepReleases, rescanInterval, trustedProxies, connectTimeout, idleTimeout);
    }

    private static PortRange readPortRange(YamlMap apps, List<ListenerSpec> listeners) {
        Optional<Node> node = apps.node("port-range");
        if (node.isEmpty()) {
            return PortRange.KETER_DEFAULT;
        }
        // Any scalar: 43124-44320 is text to YAML, but a lone 43124 is a number and deserves the range message.
        if (!(node.get() instanceof ScalarNode scalar)) {
            apps.error("port-range", "expected a range of ports like 43124-44320, found " + YamlMap.describe(node.get()));
            return PortRange.KETER_DEFAULT;
        }
        try {
            PortRange range = PortRange.parse(scalar.getValue());
            listeners.stream().filter(listener -> range.contains(listener.port())).findFirst().ifPresent(listener ->
                    apps.error("port-range", "expected a range that leaves out the listeners' ports; "
                            + listener.describe() + " is in " + range));
            return range;
        } catch (IllegalArgumentException e) {
            apps.error("port-range", e.getMessage());
            return PortRange.KETER_DEFAULT;
        }
    }

    private static Duration readDrainTimeout(YamlMap apps, Optional<Duration> keterDrain) {
        Optional<Duration> own = apps.duration("drain-timeout");
        if (own.isPresent() && keterDrain.isPresent()) {
            apps.error("drain-timeout", "expected either 'graceful-drain-micros' (Keter's, at the top) or "
                    + "'apps.drain-timeout', not both");
        }
        return own.or(() -> keterDrain).orElse(AppPolicy.DEFAULT_DRAIN_TIMEOUT);
    }

    private static Duration positiveDuration(YamlMap map, String key, Duration fallback) {
        Optional<Duration> value = map.duration(key);
        if (value.isPresent() && value.get().isZero()) {
            map.error(key, "expected a duration above zero, like " + Durations.format(fallback));
            return fallback;
        }
        return value.orElse(fallback);
    }

    /**
     * The proxy's timeouts: above zero, and at most {@link #LONGEST_PROXY_TIMEOUT}, which keeps them inside
     * what the event loop's timers and the socket option (milliseconds in an int) can hold.
     */
    private static Duration boundedDuration(YamlMap map, String key, Duration fallback) {
        Duration value = positiveDuration(map, key, fallback);
        if (value.compareTo(LONGEST_PROXY_TIMEOUT) > 0) {
            map.error(key, "expected a duration of at most " + Durations.format(LONGEST_PROXY_TIMEOUT) + ", like "
                    + Durations.format(fallback) + "; found " + Durations.format(value));
            return fallback;
        }
        return value;
    }

    private static List<CidrBlock> readTrustedProxies(YamlMap apps) {
        Optional<List<String>> texts = apps.stringList("trusted-proxies");
        if (texts.isEmpty()) {
            return List.of();
        }
        List<Node> items = ((SequenceNode) apps.node("trusted-proxies").orElseThrow()).getValue();
        List<CidrBlock> blocks = new ArrayList<>();
        for (int i = 0; i < texts.get().size(); i++) {
            try {
                blocks.add(CidrBlock.parse(texts.get().get(i).strip()));
            } catch (IllegalArgumentException e) {
                apps.error(items.get(i), apps.keyPath("trusted-proxies") + "[" + i + "]", e.getMessage());
            }
        }
        return blocks;
    }

    // --- helpers ------------------------------------------------------------------------------------

    /**
     * A whole number in one of Keter's units; {@link YamlMap#integer}'s message could not name the unit,
     * and a Keter user writing "5m" needs to be told it is milliseconds here.
     */
    private static Optional<Long> keterNumber(YamlMap map, String key, long max, String expected) {
        return map.node(key).flatMap(node -> {
            if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)) {
                try {
                    long number = Long.parseLong(scalar.getValue().replace("_", ""));
                    if (number >= 0 && number <= max) {
                        return Optional.of(number);
                    }
                } catch (NumberFormatException tooLarge) {
                    // reported below, like any other value out of range
                }
            }
            map.error(node, map.keyPath(key), expected + "; found " + YamlMap.describe(node));
            return Optional.empty();
        });
    }

    /** The file, absolute, when it exists and is readable; otherwise the problem is reported and empty. */
    static Optional<Path> checkedFile(Path configFolder, String name, String expected, Consumer<String> error) {
        Path file;
        try {
            file = configFolder.resolve(name).normalize();
        } catch (InvalidPathException e) {
            error.accept(expected + "; found \"" + name.replace("\0", "\\0") + "\"");
            return Optional.empty();
        }
        String problem;
        if (!Files.exists(file)) {
            problem = "file " + file + " not found";
        } else if (!Files.isRegularFile(file)) {
            problem = file + " is not a regular file";
        } else if (!Files.isReadable(file)) {
            problem = "file " + file + " is not readable by berth";
        } else {
            return Optional.of(file);
        }
        error.accept(problem + "; " + expected);
        return Optional.empty();
    }

    /** Group-readable is common (the ssl-cert group); world-readable is a leaked key waiting to happen. */
    private static void warnIfEveryoneCanRead(YamlMap entry, String key, Path file) {
        try {
            if (Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ)) {
                entry.warning(key, "file " + file + " is readable by every user; chmod 600 it (or 640 with a group berth is in)");
            }
        } catch (IOException | UnsupportedOperationException unknowable) {
            // No POSIX permissions to judge by; nothing to warn about.
        }
    }
}
