package org.berth.app;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.berth.bundle.GlobalReverseProxyStanzas;
import org.berth.config.BerthConfig;
import org.berth.incoming.IncomingWatcher;
import org.berth.incoming.WatcherSettings;
import org.berth.process.ProcessRegistry;
import org.berth.process.Supervisor;
import org.berth.route.InFlightRequests;
import org.berth.route.Route;
import org.berth.route.Router;
import org.berth.store.ReleaseHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code berth server} needs to run apps, started in the right order: first stop what
 * a killed berth left behind, then serve the global reverse-proxy stanzas (so that their hosts are
 * taken before any bundle can claim them), then watch {@code incoming/} (which restores every app present).
 * Closing stops the watcher, then every app process.
 */
public final class AppRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppRuntime.class);
    static final java.time.Duration SETTLE_DELAY = java.time.Duration.ofMillis(25);

    private final Router router = new Router();
    private final InFlightRequests inFlight = new InFlightRequests();
    private final org.berth.proxy.Tunnels tunnels = new org.berth.proxy.Tunnels();
    private final Supervisor supervisor;
    private final AppManager manager;
    private final IncomingWatcher watcher;

    public AppRuntime(BerthConfig config, ReleaseHistory releases) throws IOException {
        this(config, releases, GlobalReverseProxyStanzas.NONE);
    }

    /** @param global Keter's global reverse-proxy stanzas, read from {@code config}; served as {@link GlobalRoutes#APP} */
    public AppRuntime(BerthConfig config, ReleaseHistory releases, GlobalReverseProxyStanzas global) throws IOException {
        ProcessRegistry registry = new ProcessRegistry(config.dataRoot().resolve("run"));
        List<ProcessRegistry.RecordedGroup> leftovers = registry.cleanUpLeftovers();
        if (!leftovers.isEmpty()) {
            LOG.warn("stopped {} process group(s) a previous berth left running: {}", leftovers.size(),
                    leftovers.stream().map(ProcessRegistry.RecordedGroup::label).toList());
        }
        config.apps().setuid().ifPresent(user -> LOG.warn("setuid: {} is not supported yet; apps run as berth's user", user));
        List<Route> globalRoutes = GlobalRoutes.of(global);
        if (!globalRoutes.isEmpty()) {
            router.update(table -> table.withApp(GlobalRoutes.APP, globalRoutes));
        }
        supervisor = new Supervisor(registry);
        manager = new AppManager(config, releases, router, inFlight, supervisor, tunnels::closeTo);
        Files.createDirectories(config.incomingDirectory());
        // A short settle delay is safe: a bundle is loaded only once its gzip stream ends properly,
        // which a copy in progress never does; it keeps a rename-into-incoming deploy fast.
        watcher = new IncomingWatcher(config.incomingDirectory(), manager, WatcherSettings.DEFAULTS
                .withSettleDelay(SETTLE_DELAY)
                .withRescanInterval(config.apps().apps().rescanInterval()));
    }

    /** Starts watching incoming/; bundles already there are deployed (or restored) at once. */
    public void start() throws IOException {
        watcher.start(); // it logs the folder it watches
    }

    /** A rescan of incoming/ now (SIGHUP). */
    public void rescan() {
        watcher.rescan();
    }

    public AppManager manager() {
        return manager;
    }

    public Router router() {
        return router;
    }

    public InFlightRequests inFlight() {
        return inFlight;
    }

    /** Websockets the proxy tunnels, so a drain that times out can close them. */
    public org.berth.proxy.Tunnels tunnels() {
        return tunnels;
    }

    @Override
    public void close() {
        watcher.close();
        manager.close();
        supervisor.close();
    }
}
