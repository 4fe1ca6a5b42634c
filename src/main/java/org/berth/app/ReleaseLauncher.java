package org.berth.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.berth.applog.AppLog;
import org.berth.bundle.BackgroundStanza;
import org.berth.bundle.BundleConfig;
import org.berth.bundle.RedirectStanza;
import org.berth.bundle.ReverseProxyStanza;
import org.berth.bundle.Ssl;
import org.berth.bundle.Stanza;
import org.berth.bundle.StaticFilesStanza;
import org.berth.bundle.WebAppStanza;
import org.berth.config.AppSettings;
import org.berth.process.AppEnvironment;
import org.berth.process.ProcessSpec;
import org.berth.process.ProcessState;
import org.berth.process.ProcessStateListener;
import org.berth.process.RestartPolicy;
import org.berth.process.SupervisedProcess;
import org.berth.process.Supervisor;
import org.berth.route.HostPattern;
import org.berth.route.Route;
import org.berth.route.RouteTarget;

/**
 * Starts one release of an app: background processes first, then each webapp on a fresh port,
 * then waits until every webapp is ready. Either it returns a running {@link ReleaseInstance},
 * or it stops everything it started and throws, so a failed start leaves nothing behind.
 */
final class ReleaseLauncher {
    /** Poll interval for the TCP readiness check: short, since starting apps is what we wait on. */
    static final Duration TCP_POLL = Duration.ofMillis(10);

    private final Supervisor supervisor;
    private final PortPool ports;
    private final AppSettings settings;
    private final ReadinessProbe probe = new ReadinessProbe();

    ReleaseLauncher(Supervisor supervisor, PortPool ports, AppSettings settings) {
        this.supervisor = supervisor;
        this.ports = ports;
        this.settings = settings;
    }

    ReleaseInstance launch(String app, long releaseId, String sha256, Path folder, BundleConfig config, AppLog log,
                           Map<String, String> pluginVariables, ProcessStateListener listener, Activity activity)
            throws LaunchException {
        List<RunningProcess> started = new ArrayList<>();
        try {
            List<Stanza> stanzas = config.stanzas();
            for (int i = 0; i < stanzas.size(); i++) {
                if (stanzas.get(i) instanceof BackgroundStanza background) {
                    activity.set("starting background process " + label(releaseId, "bg", i));
                    started.add(startBackground(i, background, releaseId, folder, log, pluginVariables, listener));
                }
            }
            for (int i = 0; i < stanzas.size(); i++) {
                if (stanzas.get(i) instanceof WebAppStanza web) {
                    activity.set("starting web process " + label(releaseId, "web", i));
                    started.add(startWebApp(i, web, releaseId, folder, log, pluginVariables, listener));
                }
            }
            for (RunningProcess process : started) {
                if (process.stanza() instanceof WebAppStanza web) {
                    activity.set("waiting for " + process.process().spec().label() + " to be ready on port "
                            + process.port().getAsInt());
                    awaitReady(web, process);
                }
            }
            return new ReleaseInstance(releaseId, sha256, folder, config, List.copyOf(started),
                    routes(app, releaseId, config, started), Instant.now());
        } catch (LaunchException | RuntimeException e) {
            stopAll(started);
            throw e;
        }
    }

    private RunningProcess startBackground(int index, BackgroundStanza stanza, long releaseId, Path folder, AppLog log,
                                           Map<String, String> pluginVariables, ProcessStateListener listener)
            throws LaunchException {
        checkExecutable(stanza.exec());
        List<String> warnings = new ArrayList<>();
        Map<String, String> environment = AppEnvironment.build(stanza.env(), stanza.forwardEnv(), System.getenv(),
                pluginVariables, settings.env(), OptionalInt.empty(), List.of(), Optional.empty(), warnings);
        warnings.forEach(log::note);
        ProcessSpec spec = new ProcessSpec(label(releaseId, "bg", index), command(stanza.exec(), stanza.args()), folder,
                environment, stanza.stopTimeout().orElse(settings.apps().stopTimeout()));
        RestartPolicy policy = stanza.restartCount().unlimited()
                ? RestartPolicy.Limited.unlimited(stanza.restartDelay())
                : RestartPolicy.Limited.times(stanza.restartCount().limit().getAsInt(), stanza.restartDelay());
        return new RunningProcess(index, stanza, OptionalInt.empty(), supervisor.start(spec, policy, log, listener));
    }

    private RunningProcess startWebApp(int index, WebAppStanza stanza, long releaseId, Path folder, AppLog log,
                                       Map<String, String> pluginVariables, ProcessStateListener listener)
            throws LaunchException {
        checkExecutable(stanza.exec());
        int port;
        try {
            port = ports.take();
        } catch (PortPool.NoFreePortException e) {
            throw new LaunchException(e.getMessage());
        }
        List<String> warnings = new ArrayList<>();
        Map<String, String> environment = AppEnvironment.build(stanza.env(), stanza.forwardEnv(), System.getenv(),
                pluginVariables, settings.env(), OptionalInt.of(port), stanza.portEnvVars(),
                Optional.of(approot(stanza)), warnings);
        warnings.forEach(log::note);
        ProcessSpec spec = new ProcessSpec(label(releaseId, "web", index), command(stanza.exec(), stanza.args()), folder,
                environment, stanza.stopTimeout().orElse(settings.apps().stopTimeout()));
        try {
            return new RunningProcess(index, stanza, OptionalInt.of(port),
                    supervisor.start(spec, RestartPolicy.Backoff.DEFAULT, log, listener));
        } catch (RuntimeException e) {
            ports.release(port);
            throw e;
        }
    }

    private void awaitReady(WebAppStanza stanza, RunningProcess process) throws LaunchException {
        ReadinessProbe.Check check = stanza.healthCheck()
                .map(health -> new ReadinessProbe.Check(Optional.of(health.path()), health.expectedStatus(),
                        Optional.of(health.host().orElse(stanza.approotHost())), health.interval(), health.timeout(),
                        health.startTimeout()))
                .orElseGet(() -> new ReadinessProbe.Check(Optional.empty(), 200, Optional.empty(), TCP_POLL,
                        settings.apps().healthTimeout(), startTimeout(stanza)));
        SupervisedProcess supervised = process.process();
        Optional<ReadinessProbe.Failure> failure = probe.await(process.port().getAsInt(), check,
                () -> isAlive(supervised.state()));
        if (failure.isPresent()) {
            throw new LaunchException(supervised.spec().label() + " did not become ready: " + failure.get().reason()
                    + lastExit(supervised));
        }
    }

    /** The stanza's own ensure-alive-time-bound when it sets one, else berth's global apps.start-timeout. */
    private Duration startTimeout(WebAppStanza stanza) {
        return stanza.ensureAliveTimeBound().equals(WebAppStanza.DEFAULT_ENSURE_ALIVE)
                ? settings.apps().startTimeout() : stanza.ensureAliveTimeBound();
    }

    private static String lastExit(SupervisedProcess process) {
        OptionalInt exit = process.snapshot().lastExit();
        return exit.isPresent() ? " (exit status " + exit.getAsInt() + ")" : "";
    }

    private static boolean isAlive(ProcessState state) {
        return state == ProcessState.STARTING || state == ProcessState.RUNNING;
    }

    /** The routes this release answers once it serves. */
    static List<Route> routes(String app, long releaseId, BundleConfig config, List<RunningProcess> processes) {
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<String, Stanza> owner : config.hostOwners().entrySet()) {
            RouteTarget target = switch (owner.getValue()) {
                case WebAppStanza web -> processes.stream().filter(process -> process.stanza() == web).findFirst()
                        .map(process -> (RouteTarget) new RouteTarget.Backend("127.0.0.1", process.port().getAsInt()))
                        .orElseThrow();
                case StaticFilesStanza files -> new RouteTarget.StaticFiles(files.root(), files.directoryListing());
                case RedirectStanza redirect -> new RouteTarget.FromStanza(redirect);
                case ReverseProxyStanza proxy -> new RouteTarget.FromStanza(proxy);
                case BackgroundStanza background -> throw new IllegalStateException("a background stanza has no hosts");
            };
            routes.add(new Route(new HostPattern(owner.getKey()), app, releaseId, target, owner.getValue()));
        }
        return routes;
    }

    /** Keter's APPROOT: scheme from ssl, the first host, the external port when not the default. */
    String approot(WebAppStanza stanza) {
        boolean secure = !(stanza.ssl() instanceof Ssl.Off);
        int port = secure ? settings.externalHttpsPort() : settings.externalHttpPort();
        boolean defaultPort = secure ? port == 443 : port == 80;
        return (secure ? "https://" : "http://") + stanza.approotHost() + (defaultPort ? "" : ":" + port);
    }

    void stopAll(List<RunningProcess> processes) {
        // Web processes first (they take traffic), background last, all in parallel.
        List<Thread> stoppers = new ArrayList<>();
        for (RunningProcess process : processes) {
            stoppers.add(Thread.ofVirtual().start(() -> {
                process.process().stop();
                process.port().ifPresent(ports::release);
            }));
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void checkExecutable(Path exec) throws LaunchException {
        if (!Files.exists(exec)) {
            throw new LaunchException("exec " + exec + " does not exist in the bundle");
        }
        if (!Files.isExecutable(exec)) {
            throw new LaunchException("exec " + exec + " is not executable (set its exec bit before packing the bundle)");
        }
    }

    private static List<String> command(Path exec, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(exec.toString());
        command.addAll(args);
        return command;
    }

    static String label(long releaseId, String kind, int index) {
        return "r" + releaseId + "/" + kind + "-" + (index + 1);
    }

    /** Progress of the current operation, shown by {@code berth app status} and followed by {@code app deploy}. */
    interface Activity {
        void set(String text);
    }

    static void deleteQuietly(Path folder) {
        try {
            org.berth.app.Folders.deleteTree(folder);
        } catch (IOException ignored) {
            // a leftover folder under the data root is cleaned at the next start
        }
    }
}
