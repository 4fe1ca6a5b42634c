package org.berth.bundle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.berth.config.ConfigException;
import org.berth.config.ConfigProblem;
import org.berth.config.Durations;

/**
 * Renders a parsed bundle as a tree of maps, lists, strings, numbers, booleans and nulls, ready
 * for any JSON writer (for {@code berth app check --json} and the API). Keys are Keter's names;
 * Keter's numeric keys stay in Keter's units (microseconds, seconds), berth's durations are
 * strings with units. Paths inside the bundle are relative to its root. Basic-auth passwords are
 * never rendered, only user names.
 */
public final class BundleConfigJson {
    private BundleConfigJson() {
    }

    public static Map<String, Object> toJson(CheckResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ok", true);
        json.put("source", result.source().toString());
        json.put("app", result.appName().orElse(null));
        json.put("config-file", BundlePaths.display(result.configFile(), result.bundleRoot()));
        json.putAll(toJson(result.config(), result.bundleRoot()));
        json.put("warnings", problems(result.warnings()));
        return json;
    }

    public static Map<String, Object> toJson(BundleConfig config, Path bundleRoot) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("stanzas", config.stanzas().stream().map(stanza -> stanza(stanza, bundleRoot)).toList());
        json.put("plugins", plugins(config.plugins()));
        json.put("warnings", problems(config.warnings()));
        return json;
    }

    /** A refused bundle: {@code {"ok": false, "errors": [...]}}. */
    public static Map<String, Object> refused(ConfigException refusal) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ok", false);
        json.put("errors", problems(refusal.problems()));
        return json;
    }

    public static List<Object> problems(List<ConfigProblem> problems) {
        List<Object> list = new ArrayList<>();
        for (ConfigProblem problem : problems) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("file", problem.file() == null ? null : problem.file().toString());
            json.put("line", problem.line());
            json.put("key", problem.key());
            json.put("message", problem.message());
            json.put("text", problem.render());
            list.add(json);
        }
        return list;
    }

    static Map<String, Object> stanza(Stanza stanza, Path root) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", stanza.type());
        json.put("line", stanza.line());
        switch (stanza) {
            case WebAppStanza web -> webApp(json, web, root);
            case StaticFilesStanza files -> staticFiles(json, files, root);
            case RedirectStanza redirect -> redirect(json, redirect, root);
            case ReverseProxyStanza proxy -> reverseProxy(json, proxy, root);
            case BackgroundStanza back -> background(json, back, root);
        }
        return json;
    }

    private static void webApp(Map<String, Object> json, WebAppStanza web, Path root) {
        json.put("exec", BundlePaths.display(web.exec(), root));
        json.put("args", web.args());
        json.put("env", web.env());
        json.put("forward-env", web.forwardEnv());
        json.put("hosts", web.hosts());
        json.put("ssl", ssl(web.ssl(), root));
        json.put("requires-secure", web.requiresSecure());
        hsts(json, web.hsts());
        json.put("connection-time-bound", web.connectionTimeBound().map(BundleConfigJson::micros).orElse(null));
        json.put("ensure-alive-time-bound", micros(web.ensureAliveTimeBound()));
        json.put("port-env-vars", web.portEnvVars());
        json.put("middleware", middleware(web.middleware()));
        json.put("health-check", web.healthCheck().map(BundleConfigJson::healthCheck).orElse(null));
        json.put("stop-timeout", duration(web.stopTimeout()));
    }

    private static void staticFiles(Map<String, Object> json, StaticFilesStanza files, Path root) {
        json.put("root", BundlePaths.display(files.root(), root));
        json.put("hosts", files.hosts());
        json.put("directory-listing", files.directoryListing());
        json.put("ssl", ssl(files.ssl(), root));
        json.put("requires-secure", files.requiresSecure());
        hsts(json, files.hsts());
        json.put("middleware", middleware(files.middleware()));
        json.put("connection-time-bound", files.connectionTimeBound().map(BundleConfigJson::micros).orElse(null));
    }

    private static void redirect(Map<String, Object> json, RedirectStanza redirect, Path root) {
        json.put("hosts", redirect.hosts());
        json.put("status", redirect.status());
        json.put("actions", redirect.actions().stream().map(BundleConfigJson::action).toList());
        json.put("ssl", ssl(redirect.ssl(), root));
        json.put("requires-secure", redirect.requiresSecure());
        hsts(json, redirect.hsts());
    }

    private static void reverseProxy(Map<String, Object> json, ReverseProxyStanza proxy, Path root) {
        json.put("reversed-host", proxy.reversedHost());
        json.put("reversed-port", proxy.reversedPort());
        json.put("reversed-ssl", proxy.reversedSsl());
        json.put("reversing-host", proxy.hosts().get(0));
        json.put("ssl", ssl(proxy.ssl(), root));
        json.put("requires-secure", proxy.requiresSecure());
        hsts(json, proxy.hsts());
        json.put("timeout", proxy.timeout().map(BundleConfigJson::micros).orElse(null));
        json.put("rewrite-request", proxy.rewriteRequest().stream().map(BundleConfigJson::rewrite).toList());
        json.put("rewrite-response", proxy.rewriteResponse().stream().map(BundleConfigJson::rewrite).toList());
        json.put("preserve-host", proxy.preserveHost());
        json.put("middleware", middleware(proxy.middleware()));
        json.put("connection-time-bound", proxy.connectionTimeBound().map(BundleConfigJson::micros).orElse(null));
    }

    private static void background(Map<String, Object> json, BackgroundStanza back, Path root) {
        json.put("exec", BundlePaths.display(back.exec(), root));
        json.put("args", back.args());
        json.put("env", back.env());
        json.put("forward-env", back.forwardEnv());
        json.put("restart-count", back.restartCount().unlimited() ? "unlimited" : back.restartCount().limit().getAsInt());
        json.put("restart-delay-seconds", back.restartDelay().getSeconds());
        json.put("stop-timeout", duration(back.stopTimeout()));
    }

    /** berth's own key, shown only when the stanza sets it, so a Keter bundle renders as before. */
    private static void hsts(Map<String, Object> json, java.util.Optional<org.berth.config.HstsSettings> hsts) {
        hsts.ifPresent(settings -> json.put("hsts", settings.enabled() ? hstsJson(settings) : false));
    }

    private static Map<String, Object> hstsJson(org.berth.config.HstsSettings settings) {
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("max-age", settings.maxAge().toSeconds());
        json.put("include-subdomains", settings.includeSubdomains());
        json.put("preload", settings.preload());
        return json;
    }

    static Object ssl(Ssl ssl, Path root) {
        return switch (ssl) {
            case Ssl.Off off -> false;
            case Ssl.On on -> true;
            case Ssl.Acme acme -> acme.challenge().<Object>map(challenge -> Map.of("acme", challenge.keyword()))
                    .orElse(SslReader.ACME);
            case Ssl.Certificate certificate -> {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("key", BundlePaths.display(certificate.key(), root));
                json.put("certificate", BundlePaths.display(certificate.certificate(), root));
                json.put("chain-certificates",
                        certificate.chain().stream().map(path -> BundlePaths.display(path, root)).toList());
                yield json;
            }
        };
    }

    static List<Object> middleware(List<Middleware> middleware) {
        List<Object> list = new ArrayList<>();
        for (Middleware item : middleware) {
            list.add(switch (item) {
                case Middleware.Standard standard -> standard.kind().keterName();
                case Middleware.BasicAuth auth -> Map.of("basic-auth",
                        Map.of("realm", auth.realm(), "users", List.copyOf(auth.credentials().keySet())));
                case Middleware.Headers headers -> Map.of("headers", headers.headers());
                case Middleware.Local local -> Map.of("local", Map.of("status", local.status(), "message", local.message()));
            });
        }
        return list;
    }

    private static Map<String, Object> action(RedirectAction action) {
        Map<String, Object> json = new LinkedHashMap<>();
        action.path().ifPresent(path -> json.put("path", path));
        switch (action.target()) {
            case RedirectTarget.UrlTarget url -> json.put("url", url.url());
            case RedirectTarget.HostTarget host -> {
                json.put("host", host.host());
                json.put("secure", host.secure());
                json.put("port", host.port().isPresent() ? host.port().getAsInt() : null);
            }
        }
        return json;
    }

    private static Map<String, Object> rewrite(HeaderRewrite rewrite) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("header", rewrite.header());
        json.put("from", rewrite.from().pattern());
        json.put("to", rewrite.to());
        return json;
    }

    private static Map<String, Object> healthCheck(HealthCheck check) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("path", check.path());
        json.put("expected-status", check.expectedStatus());
        json.put("host", check.host().orElse(null));
        json.put("interval", Durations.format(check.interval()));
        json.put("timeout", Durations.format(check.timeout()));
        json.put("start-timeout", Durations.format(check.startTimeout()));
        return json;
    }

    private static Map<String, Object> plugins(Plugins plugins) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("postgres", plugins.postgres());
        json.put("servers", plugins.servers().stream()
                .map(server -> Map.<String, Object>of("server", server.server(), "port", server.port())).toList());
        return json;
    }

    static long micros(Duration duration) {
        return duration.getSeconds() * 1_000_000L + duration.getNano() / 1_000;
    }

    private static String duration(Optional<Duration> duration) {
        return duration.map(Durations::format).orElse(null);
    }
}
