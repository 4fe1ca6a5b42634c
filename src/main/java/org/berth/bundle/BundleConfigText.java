package org.berth.bundle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.berth.config.ConfigProblem;
import org.berth.config.Durations;

/**
 * Renders a parsed bundle for the terminal: one block per stanza with what differs from the
 * defaults, then plugins and warnings. Passwords are never printed.
 */
public final class BundleConfigText {
    private static final int LABEL_WIDTH = 18;

    private BundleConfigText() {
    }

    public static String render(CheckResult result) {
        StringBuilder text = new StringBuilder();
        text.append(result.appName().map(app -> "app " + app + ": ").orElse(""))
                .append(BundlePaths.display(result.configFile(), result.bundleRoot()))
                .append(", ").append(count(result.config().stanzas().size(), "stanza")).append('\n');
        text.append(render(result.config(), result.bundleRoot(), result.warnings()));
        return text.toString();
    }

    public static String render(BundleConfig config, Path bundleRoot) {
        return render(config, bundleRoot, config.warnings());
    }

    private static String render(BundleConfig config, Path root, List<ConfigProblem> warnings) {
        StringBuilder text = new StringBuilder();
        for (Stanza stanza : config.stanzas()) {
            text.append('\n').append(stanza.type()).append(" (line ").append(stanza.line()).append(")\n");
            for (String[] row : rows(stanza, root)) {
                text.append("  ").append(pad(row[0])).append(row[1]).append('\n');
            }
        }
        if (config.plugins().postgres()) {
            PostgresServerRef server = config.plugins().postgresServer();
            text.append("\nplugins\n  ").append(pad("postgres"))
                    .append(server.server()).append(':').append(server.port()).append('\n');
        }
        if (!warnings.isEmpty()) {
            text.append('\n');
            warnings.forEach(warning -> text.append("warning: ").append(warning.render()).append('\n'));
        }
        return text.toString();
    }

    private static List<String[]> rows(Stanza stanza, Path root) {
        Rows rows = new Rows();
        switch (stanza) {
            case WebAppStanza web -> {
                rows.add("hosts", web.approotHost() + " (approot)" + rest(web.hosts()));
                rows.add("exec", BundlePaths.display(web.exec(), root));
                process(rows, web.args(), web.env(), web.forwardEnv());
                common(rows, web.ssl(), web.requiresSecure(), root);
                hsts(rows, web.hsts());
                web.connectionTimeBound().ifPresent(bound -> rows.add("time bound", bound(bound)));
                if (!web.ensureAliveTimeBound().equals(WebAppStanza.DEFAULT_ENSURE_ALIVE)) {
                    rows.add("ensure alive", Durations.format(web.ensureAliveTimeBound()));
                }
                rows.addList("port-env-vars", web.portEnvVars());
                middleware(rows, web.middleware());
                web.healthCheck().ifPresent(check -> rows.add("health check", healthCheck(check)));
                web.stopTimeout().ifPresent(stop -> rows.add("stop timeout", Durations.format(stop)));
            }
            case StaticFilesStanza files -> {
                rows.add("hosts", files.hosts().isEmpty() ? "(none)" : String.join(", ", files.hosts()));
                rows.add("root", BundlePaths.display(files.root(), root));
                rows.add("listing", files.directoryListing() ? "on" : "off");
                common(rows, files.ssl(), files.requiresSecure(), root);
                hsts(rows, files.hsts());
                files.connectionTimeBound().ifPresent(bound -> rows.add("time bound", bound(bound)));
                middleware(rows, files.middleware());
            }
            case RedirectStanza redirect -> {
                rows.add("hosts", redirect.hosts().isEmpty() ? "(none)" : String.join(", ", redirect.hosts()));
                rows.add("status", Integer.toString(redirect.status()));
                redirect.actions().forEach(action -> rows.add("action", action(action)));
                common(rows, redirect.ssl(), redirect.requiresSecure(), root);
                hsts(rows, redirect.hsts());
            }
            case ReverseProxyStanza proxy -> {
                rows.add("host", proxy.hosts().get(0));
                rows.add("to", (proxy.reversedSsl() ? "https://" : "http://")
                        + proxy.reversedHost() + ":" + proxy.reversedPort());
                common(rows, proxy.ssl(), proxy.requiresSecure(), root);
                hsts(rows, proxy.hsts());
                proxy.timeout().ifPresent(timeout -> rows.add("timeout", Durations.format(timeout)));
                proxy.rewriteRequest().forEach(rule -> rows.add("rewrite request", rewrite(rule)));
                proxy.rewriteResponse().forEach(rule -> rows.add("rewrite response", rewrite(rule)));
                if (proxy.preserveHost()) {
                    rows.add("preserve host", "yes");
                }
                proxy.connectionTimeBound().ifPresent(bound -> rows.add("time bound", bound(bound)));
                middleware(rows, proxy.middleware());
            }
            case BackgroundStanza back -> {
                rows.add("exec", BundlePaths.display(back.exec(), root));
                process(rows, back.args(), back.env(), back.forwardEnv());
                rows.add("restarts", back.restartCount() + ", " + Durations.format(back.restartDelay()) + " apart");
                back.stopTimeout().ifPresent(stop -> rows.add("stop timeout", Durations.format(stop)));
            }
        }
        return rows.list;
    }

    private static void process(Rows rows, List<String> args, Map<String, String> env, List<String> forwardEnv) {
        rows.addList("args", args);
        env.forEach((name, value) -> rows.add("env", name + "=" + value));
        rows.addList("forward-env", forwardEnv);
    }

    private static void common(Rows rows, Ssl ssl, boolean requiresSecure, Path root) {
        switch (ssl) {
            case Ssl.Off off -> {
            }
            case Ssl.On on -> rows.add("ssl", "on (certificate from the listener)");
            case Ssl.Acme acme -> rows.add("ssl", "automatic (ACME" + acme.challenge().map(c -> ", " + c.keyword()).orElse("") + ")");
            case Ssl.Certificate certificate -> rows.add("ssl", BundlePaths.display(certificate.certificate(), root)
                    + " with key " + BundlePaths.display(certificate.key(), root)
                    + (certificate.chain().isEmpty() ? "" : " and " + count(certificate.chain().size(), "chain certificate")));
        }
        if (requiresSecure) {
            rows.add("requires secure", "yes (http is redirected to https)");
        }
    }

    /** berth's own key, only when the stanza sets it: {@code Strict-Transport-Security: max-age=…} or off. */
    private static void hsts(Rows rows, java.util.Optional<org.berth.config.HstsSettings> hsts) {
        hsts.ifPresent(settings -> rows.add("hsts", settings.enabled() ? settings.headerValue() : "off for these hosts"));
    }

    private static void middleware(Rows rows, List<Middleware> middleware) {
        for (Middleware item : middleware) {
            rows.add("middleware", switch (item) {
                case Middleware.Standard standard -> standard.kind().keterName();
                case Middleware.BasicAuth auth -> "basic-auth, realm \"" + auth.realm() + "\", users "
                        + String.join(", ", auth.credentials().keySet());
                case Middleware.Headers headers -> "headers " + headers.headers().entrySet().stream()
                        .map(entry -> entry.getKey() + ": " + entry.getValue()).collect(Collectors.joining(", "));
                case Middleware.Local local -> "local only, else " + local.status() + " \"" + local.message() + "\"";
            });
        }
    }

    private static String action(RedirectAction action) {
        String from = action.path().orElse("any path");
        return from + " -> " + switch (action.target()) {
            case RedirectTarget.UrlTarget url -> url.url();
            case RedirectTarget.HostTarget host -> (host.secure() ? "https://" : "http://") + host.host()
                    + port(host) + " (same path)";
        };
    }

    /** Keter leaves the scheme's default port out of the URL. */
    private static String port(RedirectTarget.HostTarget host) {
        if (host.port().isEmpty() || host.port().getAsInt() == (host.secure() ? 443 : 80)) {
            return "";
        }
        return ":" + host.port().getAsInt();
    }

    private static String rewrite(HeaderRewrite rule) {
        return rule.header() + ": /" + rule.from().pattern() + "/ -> " + rule.to();
    }

    private static String healthCheck(HealthCheck check) {
        return "GET " + check.path() + " expects " + check.expectedStatus()
                + check.host().map(host -> " (Host: " + host + ")").orElse("")
                + ", every " + Durations.format(check.interval()) + ", timeout " + Durations.format(check.timeout())
                + ", start within " + Durations.format(check.startTimeout());
    }

    private static String bound(Duration bound) {
        return bound.isZero() ? "none" : Durations.format(bound);
    }

    private static String rest(List<String> hosts) {
        return hosts.size() > 1 ? ", " + String.join(", ", hosts.subList(1, hosts.size())) : "";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String pad(String label) {
        return label.length() >= LABEL_WIDTH ? label + " " : label + " ".repeat(LABEL_WIDTH - label.length());
    }

    /** Label/value rows of one stanza block. */
    private static final class Rows {
        final List<String[]> list = new ArrayList<>();

        void add(String label, String value) {
            list.add(new String[] {label, value});
        }

        void addList(String label, List<String> values) {
            if (!values.isEmpty()) {
                add(label, String.join(" ", values.stream().map(Rows::quoteIfNeeded).toList()));
            }
        }

        private static String quoteIfNeeded(String value) {
            return value.isEmpty() || value.contains(" ") ? "\"" + value + "\"" : value;
        }
    }
}
