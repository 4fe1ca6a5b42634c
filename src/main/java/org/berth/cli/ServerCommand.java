package org.berth.cli;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.berth.actions.Actions;
import org.berth.api.ApiServer;
import org.berth.app.AppRuntime;
import org.berth.app.GlobalRoutes;
import org.berth.applog.LogRotation;
import org.berth.bundle.GlobalReverseProxyReader;
import org.berth.bundle.GlobalReverseProxyStanzas;
import org.berth.config.ApiSettings;
import org.berth.config.BerthConfig;
import org.berth.config.ConfigException;
import org.berth.config.ConfigProblem;
import org.berth.metrics.BerthMetrics;
import org.berth.notify.WebhookNotifier;
import org.berth.proxy.AccessLogWriter;
import org.berth.proxy.LocalTargets;
import org.berth.proxy.ProxyMetrics;
import org.berth.proxy.ProxyServer;
import org.berth.proxy.ProxySettings;
import org.berth.proxy.RouteCertificates;
import org.berth.tls.TlsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth server}: runs the HTTP API until stopped. The listener comes from, highest
 * first: these options, {@code APP_ADDRESS}/{@code APP_PORT}/{@code APP_MOUNT_POINT} (Alkane 0.3),
 * {@code ROCKET_ADDRESS}/{@code ROCKET_PORT} (Alkane ≤ 0.2), the config's {@code api:} block,
 * then 127.0.0.1:10206.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the HTTP API (Alkane's routes and berth's /api/v1) until stopped.",
        footer = {"", "Environment:",
                "  BERTH_LOG_LEVEL         log level (default INFO for the server)",
                "  BERTH_PROXY_TRANSPORT   the proxy's sockets: auto (default: io_uring, else epoll), io_uring, epoll or nio",
                "  BERTH_JAVA_OPTS         extra JVM options, read by the berth launcher"})
final class ServerCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = "--address", paramLabel = "ADDRESS", description = "Address to bind (default 127.0.0.1).")
    String address;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default 10206; 0 picks a free one).")
    Integer port;

    @Option(names = {"--mounting-point", "--mount-point"}, paramLabel = "PATH",
            description = "Serve every route under this path prefix (default /).")
    String mountPoint;

    @Override
    public Integer call() throws Exception {
        LogSetup.serverMode();
        BerthConfig config;
        try {
            config = global.loadConfig();
            config = config.withApi(listener(config.api(), System.getenv()));
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return ExitCodes.CONFIG;
        }
        return serve(config);
    }

    static int serve(BerthConfig config) throws InterruptedException {
        Logger log = LoggerFactory.getLogger(ServerCommand.class);
        log.info("configuration loaded from {}", config.source());
        config.warnings().forEach(warning -> log.warn("{}", warning.render()));
        GlobalReverseProxyStanzas globalStanzas;
        try {
            globalStanzas = GlobalReverseProxyReader.read(config.apps().globalReverseProxies());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return ExitCodes.CONFIG;
        }
        globalStanzas.warnings().forEach(warning -> log.warn("{}", warning.render()));
        Actions actions = new Actions(config);
        int abandoned = actions.abandonOrphanRuns();
        if (abandoned > 0) {
            log.warn("{} run(s) left unfinished by a previous berth process are now recorded as Unknown", abandoned);
        }
        // Before the apps start, so restoring the bundles in incoming/ is seen; before the proxy starts, so
        // its connections carry the metrics handler. App events go to metrics and webhooks.
        BerthMetrics metrics = new BerthMetrics();
        ProxyMetrics.install(metrics.proxy());
        WebhookNotifier notifier = new WebhookNotifier(config.notifications());
        AppRuntime apps;
        try {
            apps = actions.startApps(metrics.apps().and(notifier), globalStanzas);
            // SIGHUP: look at incoming/ now, as Keter operators are used to.
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> apps.rescan());
        } catch (IOException e) {
            log.error("cannot start apps under {}: {}", config.dataRoot(), e.getMessage());
            notifier.close();
            actions.close();
            return 1;
        }
        ProxyServer proxy = null;
        TlsService tls = null;
        Optional<AccessLogWriter> accessLog = Optional.empty();
        if (config.proxyConfigured()) {
            ProxySettings proxySettings = ProxySettings.from(config.apps());
            accessLog = openAccessLog(config, proxySettings, log);
            tls = new TlsService(config.apps().tls(), config.dataRoot());
            proxy = new ProxyServer(proxySettings, apps.router(), apps.inFlight(), apps.tunnels(),
                    LocalTargets.standard(), accessLog, Optional.of(tls));
            try {
                proxy.start().forEach(address -> System.out.println("berth proxy listening on " + address));
                // After binding: the CA's validations must reach the listeners.
                RouteCertificates.follow(apps.router(), tls);
                actions.useCertificates(tls);
                tls.start();
                logGlobalReverseProxies(config, globalStanzas, log);
            } catch (IOException e) {
                log.error("{}", e.getMessage());
                tls.close();
                closeAccessLog(accessLog, log);
                actions.close();
                return 1;
            }
        } else {
            log.info("no listeners in {}: the reverse proxy is off (add 'listeners:' to serve apps by host name)",
                    config.source());
            if (!globalStanzas.stanzas().isEmpty()) {
                log.warn("{} global reverse-proxy stanza(s) in {} are not served: the reverse proxy is off (add 'host' "
                        + "and 'port', or 'listeners:')", globalStanzas.stanzas().size(), config.source());
            }
        }
        Vertx vertx = Vertx.vertx();
        ApiServer api = new ApiServer(vertx, actions, config.api(), metrics);
        int port;
        try {
            port = api.start().await();
        } catch (Exception e) {
            log.error("cannot listen on {}:{}: {}", config.api().address(), config.api().port(), e.getMessage());
            vertx.close();
            if (proxy != null) {
                proxy.close();
                tls.close();
            }
            closeAccessLog(accessLog, log);
            actions.close();
            return 1;
        }
        System.out.println("berth server listening on http://" + config.api().address() + ":" + port
                + config.api().mountPoint() + " (config " + config.source() + ")");
        CountDownLatch stopped = new CountDownLatch(1);
        ProxyServer runningProxy = proxy;
        TlsService runningTls = tls;
        Optional<AccessLogWriter> runningAccessLog = accessLog;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping: waiting for running site actions");
            if (runningProxy != null) {
                runningProxy.close(); // first, so stopping apps get no new requests
                runningTls.close();
            }
            closeAccessLog(runningAccessLog, log); // after the proxy: its last requests' lines are written
            api.close();
            actions.close();
            notifier.close();
            metrics.close();
            vertx.close().await();
            stopped.countDown();
        }, "berth-shutdown"));
        stopped.await();
        return 0;
    }

    private static void logGlobalReverseProxies(BerthConfig config, GlobalReverseProxyStanzas globalStanzas, Logger log) {
        if (!globalStanzas.stanzas().isEmpty()) {
            log.info("serving {} global reverse-proxy stanza(s) from {} for hosts {} (as the built-in app {})",
                    globalStanzas.stanzas().size(), config.source(), globalStanzas.hostOwners().keySet(), GlobalRoutes.APP);
        }
    }

    /**
     * {@code <root>/log/access.log} when the config keeps the access log on. A log that cannot be
     * opened (a read-only data root) costs the log, not the proxy: it is reported and berth serves without.
     */
    private static Optional<AccessLogWriter> openAccessLog(BerthConfig config, ProxySettings settings, Logger log) {
        return settings.accessLogFormat().flatMap(format -> {
            try {
                AccessLogWriter writer = AccessLogWriter.open(config.dataRoot(), format, LogRotation.DEFAULT);
                log.info("access log: {} ({})", writer.file(), settings.accessLog().format());
                return Optional.of(writer);
            } catch (IOException | RuntimeException e) {
                log.error("cannot open the access log under {}: {}; serving without it", config.logDirectory(),
                        e.toString());
                return Optional.empty();
            }
        });
    }

    private static void closeAccessLog(Optional<AccessLogWriter> accessLog, Logger log) {
        accessLog.ifPresent(writer -> {
            try {
                writer.close();
                if (writer.dropped() > 0) {
                    log.warn("access log: {} line(s) were dropped (the disk did not keep up, or writing failed)",
                            writer.dropped());
                }
            } catch (IOException e) {
                log.warn("cannot close the access log {}: {}", writer.file(), e.toString());
            }
        });
    }

    /** Applies the listener overrides in their documented precedence. */
    ApiSettings listener(ApiSettings fromConfig, Map<String, String> environment) throws ConfigException {
        String host = first(address, environment.get("APP_ADDRESS"), environment.get("ROCKET_ADDRESS"))
                .orElse(fromConfig.address());
        String portText = first(port == null ? null : port.toString(), environment.get("APP_PORT"),
                environment.get("ROCKET_PORT")).orElse(Integer.toString(fromConfig.port()));
        String mount = first(mountPoint, environment.get("APP_MOUNT_POINT")).orElse(fromConfig.mountPoint());
        int portNumber;
        try {
            portNumber = Integer.parseInt(portText.trim());
            if (portNumber < 0 || portNumber > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new ConfigException(new ConfigProblem(null, 0, "port",
                    "expected a port number from 0 to 65535 (from --port, APP_PORT or ROCKET_PORT), found '" + portText + "'"));
        }
        if (!mount.startsWith("/")) {
            throw new ConfigException(new ConfigProblem(null, 0, "mount point",
                    "expected a path starting with '/', found '" + mount + "'"));
        }
        return fromConfig.withListener(host, portNumber, mount);
    }

    private static Optional<String> first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
