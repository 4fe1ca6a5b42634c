package org.berth.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.berth.applog.AppLog;
import org.berth.applog.LogRotation;
import org.berth.bundle.BundleConfig;
import org.berth.bundle.BundleConfigParser;
import org.berth.config.BerthConfig;
import org.berth.config.ConfigException;
import org.berth.incoming.BundleRejectedException;
import org.berth.incoming.BundleUnpacker;
import org.berth.incoming.IncomingBundle;
import org.berth.incoming.IncomingListener;
import org.berth.incoming.UnpackLimits;
import org.berth.naming.AppName;
import org.berth.plugin.postgres.AppDatabase;
import org.berth.plugin.postgres.AppDatabases;
import org.berth.plugin.postgres.DatabaseException;
import org.berth.process.ProcessStateListener;
import org.berth.process.Supervisor;
import org.berth.route.InFlightRequests;
import org.berth.route.Route;
import org.berth.route.Router;
import org.berth.store.AppRecord;
import org.berth.store.CredentialStore;
import org.berth.store.DeploymentRecord;
import org.berth.store.ReleaseHistory;
import org.berth.store.ReleaseRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every app's lifecycle. Each app has one worker that runs its operations one at a time
 * (a newer request supersedes a waiting one). A deploy keeps the bundle, unpacks it into a fresh
 * folder, starts the release beside the serving one, waits until it is ready, swaps the app's
 * routes in one step, then drains and stops the old release. Any failure before the swap leaves
 * the old release serving and is recorded with its reason.
 */
public final class AppManager implements IncomingListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppManager.class);
    private static final String INCOMING = "incoming";
    private static final String RESTORE = "restore";

    private final BerthConfig config;
    private final ReleaseHistory releases;
    private final Router router;
    private final InFlightRequests inFlight;
    private final Supervisor supervisor;
    private final java.util.function.ToIntFunction<org.berth.route.RouteTarget.Backend> closeTunnels;
    private final ReleaseLauncher launcher;
    private final BundleUnpacker unpacker;
    private final KeptBundles bundles;
    private final AppDatabases databases;
    private final Map<String, App> apps = new ConcurrentHashMap<>();
    private final AtomicLong folderCounter = new AtomicLong(System.currentTimeMillis());
    private final AtomicLong operationIds = new AtomicLong();
    /** Results of removals, kept after the app itself is gone so their callers can see the end. */
    private final Map<Long, OperationResult> removedOperations = new ConcurrentHashMap<>();
    /** Who hears deploys, rollbacks and crash-loops (metrics, notifications); set once at start-up. */
    private volatile AppEventListener events = AppEventListener.NONE;

    public AppManager(BerthConfig config, ReleaseHistory releases, Router router, InFlightRequests inFlight,
                      Supervisor supervisor) {
        this(config, releases, router, inFlight, supervisor, backend -> 0);
    }

    /**
     * @param closeTunnels closes the websockets open to a backend and says how many there were;
     *                     used when an old release is still busy at the drain timeout
     */
    public AppManager(BerthConfig config, ReleaseHistory releases, Router router, InFlightRequests inFlight,
                      Supervisor supervisor, java.util.function.ToIntFunction<org.berth.route.RouteTarget.Backend> closeTunnels) {
        this.closeTunnels = closeTunnels;
        this.config = config;
        this.releases = releases;
        this.router = router;
        this.inFlight = inFlight;
        this.supervisor = supervisor;
        var policy = config.apps().apps();
        this.launcher = new ReleaseLauncher(supervisor, new PortPool(policy.portRange().first(), policy.portRange().last()),
                config.apps());
        this.unpacker = new BundleUnpacker(new UnpackLimits(policy.bundleSizeLimit(), policy.bundleEntryLimit(),
                UnpackLimits.DEFAULTS.maxCompressionRatio()));
        this.bundles = new KeptBundles(config.dataRoot().resolve("bundles"));
        this.databases = new AppDatabases(config.postgres(), new CredentialStore(releases.store()));
        releases.abandonUnfinished(Instant.now());
    }

    public Router router() {
        return router;
    }

    /** Adds a listener of app events; listeners must not block (they run on the apps' workers). */
    public synchronized void listen(AppEventListener listener) {
        events = events.and(listener);
    }

    private void emit(AppEvent.Type type, App app, long release, String trigger, String message, Instant since) {
        Optional<java.time.Duration> took = Optional.ofNullable(since).map(start -> java.time.Duration.between(start, Instant.now()));
        events.appEvent(new AppEvent(type, app.name.value(), release, trigger, Instant.now(), message, took));
    }

    // ---- requests ----------------------------------------------------------------------

    /**
     * Queues an operation for the app; it runs after the current one, superseding any waiting
     * one. Returns its id, to follow it with {@link #operation}.
     */
    public long submit(AppName name, Operation request) {
        App app = app(name);
        Operation operation = request.withId(operationIds.incrementAndGet());
        app.record(OperationResult.queued(operation.id(), describe(operation)));
        app.queue.offer(operation).ifPresent(replaced -> {
            String message = describe(replaced) + " superseded by " + describe(operation) + " before it started";
            LOG.info("app {}: {}", name, message);
            app.log.note(message);
            app.record(OperationResult.queued(replaced.id(), describe(replaced)).done("superseded", message));
        });
        if (app.claimWorker()) {
            Thread.ofVirtual().name("app-" + name).start(() -> work(app));
        }
        return operation.id();
    }

    /** A submitted operation's progress; empty when unknown (or long forgotten). */
    public Optional<OperationResult> operation(AppName name, long id) {
        return Optional.ofNullable(apps.get(name.value())).flatMap(app -> app.operation(id))
                .or(() -> Optional.ofNullable(removedOperations.get(id)));
    }

    @Override
    public void bundleReady(IncomingBundle bundle) {
        if (!AppName.isValid(bundle.appName())) {
            LOG.warn("incoming: ignoring {}: not a valid app name", bundle.file());
            return;
        }
        submit(AppName.parse(bundle.appName()), new Operation.Deploy(bundle.file(), INCOMING, "incoming/"));
    }

    @Override
    public void bundleRemoved(String appName) {
        if (AppName.isValid(appName)) {
            submit(AppName.parse(appName), new Operation.Remove(INCOMING, "incoming/"));
        }
    }

    // ---- queries -----------------------------------------------------------------------

    public List<AppStatus> list() {
        return apps.values().stream().map(this::status).sorted(Comparator.comparing(AppStatus::name)).toList();
    }

    public Optional<AppStatus> status(AppName name) {
        return Optional.ofNullable(apps.get(name.value())).map(this::status);
    }

    public List<ReleaseRecord> releases(AppName name) {
        return releases.releases(name.value());
    }

    public List<DeploymentRecord> deployments(AppName name, int limit) {
        return releases.deployments(name.value(), limit);
    }

    /** The app's PostgreSQL database, when it has one (kept also after the app was removed). */
    public Optional<AppDatabase> database(AppName name) {
        return databases.describe(name.value());
    }

    public Optional<AppLog> log(AppName name) {
        return Optional.ofNullable(apps.get(name.value())).map(app -> app.log);
    }

    private AppStatus status(App app) {
        Optional<ReleaseInstance> serving = app.serving();
        return new AppStatus(app.name.value(), app.visibleState(),
                serving.map(ReleaseInstance::releaseId), serving.map(ReleaseInstance::sha256),
                serving.map(ReleaseInstance::startedAt), serving.map(ReleaseInstance::hosts).orElse(List.of()),
                serving.map(instance -> instance.processes().stream().map(process -> process.process().snapshot()).toList())
                        .orElse(List.of()),
                serving.map(instance -> instance.processes().stream().filter(process -> process.port().isPresent())
                        .collect(java.util.stream.Collectors.toMap(process -> process.process().spec().label(),
                                process -> process.port().getAsInt()))).orElse(Map.of()),
                app.activity(), releases.deployments(app.name.value(), 1).stream().findFirst());
    }

    // ---- the worker --------------------------------------------------------------------

    private void work(App app) {
        do {
            Optional<Operation> next;
            while ((next = app.queue.poll()).isPresent()) {
                Operation operation = next.get();
                OperationResult result = OperationResult.queued(operation.id(), describe(operation)).running();
                app.record(result);
                if (operation instanceof Operation.Remove) {
                    // A removal takes the app out of the table before it ends (dropping a database takes a while):
                    // kept here from the start, so whoever follows it never finds it missing.
                    removedOperations.put(result.id(), result);
                }
                Outcome outcome;
                try {
                    outcome = run(app, operation);
                } catch (RuntimeException e) {
                    LOG.error("app {}: {} failed unexpectedly", app.name, describe(operation), e);
                    app.log.note(describe(operation) + " failed unexpectedly: " + e);
                    outcome = Outcome.failed(describe(operation) + " failed unexpectedly: " + e.getMessage());
                } finally {
                    app.activity(null);
                }
                OperationResult done = result.done(outcome.outcome(), outcome.message());
                app.record(done);
                if (operation instanceof Operation.Remove) {
                    removedOperations.put(done.id(), done);
                }
            }
        } while (app.releaseWorker());
    }

    /** How an operation ended, as its caller is told. */
    record Outcome(String outcome, String message) {
        static Outcome succeeded(String message) {
            return new Outcome("succeeded", message);
        }

        static Outcome failed(String message) {
            return new Outcome("failed", message);
        }
    }

    private Outcome run(App app, Operation operation) {
        return switch (operation) {
            case Operation.Deploy deploy -> deploy(app, deploy);
            case Operation.Rollback rollback -> rollback(app, rollback);
            case Operation.Restart restart -> restart(app, restart);
            case Operation.Remove remove -> remove(app, remove);
        };
    }

    private Outcome deploy(App app, Operation.Deploy deploy) {
        String name = app.name.value();
        KeptBundles.Kept kept;
        app.activity("keeping a copy of the bundle");
        try {
            kept = bundles.keep(name, deploy.bundle());
        } catch (IOException e) {
            return fail(app, "cannot read the bundle " + deploy.bundle() + ": " + e.getMessage());
        }
        boolean fromIncoming = deploy.trigger().equals(INCOMING);
        Optional<ReleaseInstance> serving = app.serving();
        if (serving.isPresent() && serving.get().sha256().equals(kept.sha256())) {
            app.log.note("bundle unchanged (sha256 " + shortSha(kept.sha256()) + "): release "
                    + serving.get().releaseId() + " keeps serving");
            LOG.info("app {}: bundle unchanged, release {} keeps serving", name, serving.get().releaseId());
            if (fromIncoming) {
                releases.setCurrent(name, serving.get().releaseId(), kept.sha256());
            }
            return new Outcome("unchanged", "the bundle is the one release " + serving.get().releaseId()
                    + " runs; it keeps serving");
        }
        Optional<ReleaseRecord> restore = serving.isEmpty() && fromIncoming ? restorable(name, kept.sha256()) : Optional.empty();
        if (restore.isPresent()) {
            LOG.info("app {}: restoring release {}, which it was running before berth stopped", name, restore.get().id());
            return launch(app, restore.get(), RESTORE, deploy.caller(), kept.sha256());
        }
        ReleaseRecord release = releaseFor(name, kept);
        String incomingSha = fromIncoming ? kept.sha256()
                : releases.app(name).map(AppRecord::incomingSha256).orElse(null);
        return launch(app, release, deploy.trigger(), deploy.caller(), incomingSha);
    }

    /** After a restart of berth: the incoming bundle is the one that led to the release the app ran. */
    private Optional<ReleaseRecord> restorable(String name, String incomingSha) {
        return releases.app(name)
                .filter(record -> incomingSha.equals(record.incomingSha256()) && record.currentRelease() != null)
                .flatMap(record -> releases.release(record.currentRelease()))
                .filter(release -> release.bundle() != null && Files.exists(Path.of(release.bundle())));
    }

    private ReleaseRecord releaseFor(String name, KeptBundles.Kept kept) {
        return releases.releases(name).stream()
                .filter(release -> release.sha256().equals(kept.sha256()) && release.bundle() != null)
                .findFirst()
                .orElseGet(() -> releases.release(releases.addRelease(name, kept.sha256(), kept.file().toString(),
                        kept.size(), Instant.now())).orElseThrow());
    }

    private Outcome rollback(App app, Operation.Rollback rollback) {
        String name = app.name.value();
        Optional<ReleaseRecord> target = rollback.releaseId() > 0
                ? releases.release(rollback.releaseId()).filter(release -> release.app().equals(name))
                : previousRelease(app);
        if (target.isEmpty()) {
            return fail(app, rollback.releaseId() > 0 ? "release " + rollback.releaseId() + " is not a release of " + name
                    : "there is no earlier release of " + name + " to roll back to");
        }
        if (target.get().bundle() == null || !Files.exists(Path.of(target.get().bundle()))) {
            return fail(app, "release " + target.get().id() + " is no longer kept (only the last "
                    + config.apps().apps().keepReleases() + " are)");
        }
        Outcome outcome = launch(app, target.get(), rollback.trigger(), rollback.caller(),
                releases.app(name).map(AppRecord::incomingSha256).orElse(null));
        if (outcome.outcome().equals("succeeded")) {
            emit(AppEvent.Type.ROLLBACK, app, target.get().id(), rollback.trigger(), "rolled back to release "
                    + target.get().id(), null);
        }
        return outcome;
    }

    /** The newest kept release older than the serving one. */
    private Optional<ReleaseRecord> previousRelease(App app) {
        long current = app.serving().map(ReleaseInstance::releaseId).orElse(Long.MAX_VALUE);
        return releases.releases(app.name.value()).stream()
                .filter(release -> release.id() < current && release.bundle() != null)
                .findFirst();
    }

    private Outcome restart(App app, Operation.Restart restart) {
        Optional<ReleaseInstance> serving = app.serving();
        if (serving.isEmpty()) {
            return fail(app, "nothing to restart: " + app.name + " is not serving");
        }
        if (restart.stanza().isPresent()) {
            return restartStanza(app, serving.get(), restart.stanza().getAsInt());
        }
        Optional<ReleaseRecord> release = releases.release(serving.get().releaseId());
        if (release.isEmpty() || release.get().bundle() == null) {
            return fail(app, "release " + serving.get().releaseId() + " is no longer kept; deploy the bundle again");
        }
        return launch(app, release.get(), restart.trigger(), restart.caller(),
                releases.app(app.name.value()).map(AppRecord::incomingSha256).orElse(null));
    }

    /** Stops and starts one stanza's process in place (same port): a short gap for that process only. */
    private Outcome restartStanza(App app, ReleaseInstance serving, int stanzaNumber) {
        Optional<RunningProcess> target = serving.processes().stream()
                .filter(process -> process.stanzaIndex() == stanzaNumber - 1).findFirst();
        if (target.isEmpty()) {
            return fail(app, "stanza " + stanzaNumber + " of release " + serving.releaseId() + " runs no process (stanzas with "
                    + "processes: " + serving.processes().stream().map(process -> String.valueOf(process.stanzaIndex() + 1))
                    .toList() + ")");
        }
        RunningProcess old = target.get();
        app.activity("restarting " + old.process().spec().label());
        old.process().stop();
        RunningProcess fresh = new RunningProcess(old.stanzaIndex(), old.stanza(), old.port(),
                supervisor.start(old.process().spec(), old.process().policy(), app.log, listener(app)));
        List<RunningProcess> processes = new ArrayList<>(serving.processes());
        processes.set(processes.indexOf(old), fresh);
        app.serving(new ReleaseInstance(serving.releaseId(), serving.sha256(), serving.folder(), serving.config(),
                List.copyOf(processes), serving.routes(), serving.startedAt()));
        app.log.note("restarted " + old.process().spec().label());
        LOG.info("app {}: restarted {}", app.name, old.process().spec().label());
        return Outcome.succeeded("restarted " + old.process().spec().label());
    }

    private Outcome remove(App app, Operation.Remove remove) {
        String name = app.name.value();
        if (remove.dropDatabase()) {
            try {
                databases.checkDroppable(name);
            } catch (DatabaseException e) {
                return fail(app, "not removed: its database cannot be dropped now: " + e.getMessage());
            }
        }
        app.state(AppState.STOPPING);
        router.update(table -> table.withoutApp(name));
        Optional<ReleaseInstance> serving = app.serving();
        app.serving(null);
        serving.ifPresent(instance -> {
            app.activity("stopping release " + instance.releaseId());
            launcher.stopAll(instance.processes());
            ReleaseLauncher.deleteQuietly(instance.folder());
            releases.endServing(name, instance.releaseId(), "stopped", Instant.now());
        });
        releases.removeApp(name);
        if (!remove.trigger().equals(INCOMING)) {
            deleteIncomingBundles(name);
        }
        app.state(AppState.STOPPED);
        app.log.note("removed (" + remove.trigger() + " by " + remove.caller() + ")");
        LOG.info("app {}: removed; hosts released and processes stopped", name);
        apps.remove(name, app);
        String removed = name + " removed: hosts released, processes stopped";
        return remove.dropDatabase() ? dropDatabase(app, removed) : Outcome.succeeded(removed);
    }

    /** After the processes stopped, so no session of the app holds the database open. */
    private Outcome dropDatabase(App app, String removed) {
        try {
            String dropped = databases.drop(app.name.value());
            app.log.note(dropped);
            return Outcome.succeeded(removed + "; " + dropped);
        } catch (DatabaseException e) {
            return fail(app, removed + ", but its database was not dropped: " + e.getMessage()
                    + " (run the removal with --drop-database again)");
        }
    }

    private void deleteIncomingBundles(String name) {
        for (String extension : List.of(".keter", ".tar.gz", ".tgz")) {
            try {
                Files.deleteIfExists(config.incomingDirectory().resolve(name + extension));
            } catch (IOException e) {
                LOG.warn("app {}: cannot delete its bundle from incoming/: {}", name, e.getMessage());
            }
        }
    }

    // ---- putting a release in service --------------------------------------------------

    private Outcome launch(App app, ReleaseRecord release, String trigger, String caller, String incomingSha) {
        String name = app.name.value();
        Instant began = Instant.now();
        long deployment = releases.startDeployment(name, release.id(), trigger, caller, began);
        emit(AppEvent.Type.DEPLOY_STARTED, app, release.id(), trigger, "deploying release " + release.id()
                + " (" + trigger + ")", null);
        Optional<ReleaseInstance> old = app.serving();
        app.state(old.isPresent() ? AppState.RELOADING : AppState.STARTING);
        app.log.note("deploying release " + release.id() + " (" + trigger + " by " + caller + ", sha256 "
                + shortSha(release.sha256()) + ")");
        LOG.info("app {}: deploying release {} ({} by {})", name, release.id(), trigger, caller);
        Path folder = config.dataRoot().resolve("apps").resolve(name)
                .resolve("r" + release.id() + "-" + folderCounter.incrementAndGet());
        ReleaseInstance instance;
        try {
            instance = start(app, release, folder, trigger.equals(RESTORE));
        } catch (LaunchException e) {
            ReleaseLauncher.deleteQuietly(folder);
            releases.endDeployment(deployment, "failed", e.getMessage(), Instant.now());
            app.state(old.isPresent() ? AppState.SERVING : AppState.FAILED);
            app.log.note("release " + release.id() + " failed: " + e.getMessage()
                    + old.map(previous -> "; release " + previous.releaseId() + " keeps serving").orElse(""));
            String keeps = old.map(previous -> "; release " + previous.releaseId() + " keeps serving").orElse("");
            LOG.warn("app {}: release {} failed: {}{}", name, release.id(), e.getMessage(), keeps);
            emit(AppEvent.Type.DEPLOY_FAILED, app, release.id(), trigger, "release " + release.id() + " failed: "
                    + e.getMessage() + keeps, began);
            return Outcome.failed("release " + release.id() + " failed: " + e.getMessage() + keeps);
        }
        app.activity("switching traffic to release " + release.id());
        router.update(table -> table.withApp(name, instance.routes()));
        app.serving(instance);
        app.state(AppState.SERVING);
        old.ifPresent(previous -> releases.endServing(name, previous.releaseId(), "replaced", Instant.now()));
        releases.endDeployment(deployment, "serving", "", Instant.now());
        releases.setCurrent(name, release.id(), incomingSha);
        app.log.note("release " + release.id() + " is serving " + instance.hosts());
        LOG.info("app {}: release {} is serving {}", name, release.id(), instance.hosts());
        emit(AppEvent.Type.DEPLOY_SUCCEEDED, app, release.id(), trigger, "release " + release.id() + " is serving "
                + instance.hosts(), began);
        old.ifPresent(previous -> drainAndStop(app, previous));
        prune(name, release.id());
        return Outcome.succeeded("release " + release.id() + " is serving " + instance.hosts());
    }

    private ReleaseInstance start(App app, ReleaseRecord release, Path folder, boolean restoring) throws LaunchException {
        app.activity("unpacking release " + release.id());
        try {
            unpacker.unpack(Path.of(release.bundle()), folder);
        } catch (BundleRejectedException e) {
            throw new LaunchException("bundle refused: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new LaunchException("cannot unpack the bundle: " + e.getMessage(), e);
        }
        BundleConfig bundleConfig = readBundleConfig(folder);
        bundleConfig.warnings().forEach(warning -> app.log.note("warning: " + warning.render()));
        checkHosts(app.name.value(), bundleConfig);
        Map<String, String> pluginVariables = databaseVariables(app, bundleConfig, restoring);
        return launcher.launch(app.name.value(), release.id(), release.sha256(), folder, bundleConfig, app.log,
                pluginVariables, listener(app), app::activity);
    }

    /** PostgreSQL's variables when the bundle asks for a database; one that cannot be had fails the release. */
    private Map<String, String> databaseVariables(App app, BundleConfig bundleConfig, boolean restoring)
            throws LaunchException {
        if (!bundleConfig.plugins().postgres()) {
            return Map.of();
        }
        app.activity("preparing its PostgreSQL database");
        try {
            Optional<AppDatabases.Prepared> prepared = databases.prepare(app.name.value(), bundleConfig.plugins(), restoring);
            prepared.ifPresent(database -> app.log.note(database.note()));
            return prepared.map(AppDatabases.Prepared::variables).orElse(Map.of());
        } catch (DatabaseException e) {
            throw new LaunchException(e.getMessage(), e);
        }
    }

    static BundleConfig readBundleConfig(Path folder) throws LaunchException {
        Path yml = folder.resolve("config/keter.yml");
        Path file = Files.exists(yml) ? yml : folder.resolve("config/keter.yaml");
        if (!Files.isRegularFile(file)) {
            throw new LaunchException("the bundle has no config/keter.yaml (nor config/keter.yml)");
        }
        try {
            return BundleConfigParser.parse(file, folder);
        } catch (ConfigException e) {
            throw new LaunchException("its config/" + file.getFileName() + " is not valid:\n" + e.getMessage()
                    .replace(folder + "/", ""), e);
        }
    }

    /** A host another app serves cannot be taken over by a deploy: refuse rather than steal it. */
    private void checkHosts(String name, BundleConfig bundleConfig) throws LaunchException {
        for (String host : bundleConfig.hostOwners().keySet()) {
            Optional<String> owner = router.table().ownerOf(new org.berth.route.HostPattern(host), name);
            if (owner.isPresent()) {
                throw new LaunchException("host " + host + " is already served by app " + owner.get());
            }
        }
    }

    private void drainAndStop(App app, ReleaseInstance previous) {
        app.activity("draining release " + previous.releaseId());
        try {
            boolean drained = inFlight.awaitIdle(previous.backends(), config.apps().apps().drainTimeout());
            if (!drained) {
                int closed = previous.backends().stream().mapToInt(closeTunnels).sum();
                app.log.note("release " + previous.releaseId() + " still had requests in flight after the drain timeout"
                        + (closed > 0 ? "; closed " + closed + " websocket(s)" : ""));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        app.activity("stopping release " + previous.releaseId());
        launcher.stopAll(previous.processes());
        ReleaseLauncher.deleteQuietly(previous.folder());
        app.log.note("release " + previous.releaseId() + " stopped");
    }

    /** Keeps the newest {@code keep-releases} bundles (and always the serving one); forgets older copies. */
    private void prune(String name, long servingRelease) {
        int keep = config.apps().apps().keepReleases();
        List<ReleaseRecord> kept = releases.releases(name).stream().filter(release -> release.bundle() != null).toList();
        for (int i = keep; i < kept.size(); i++) {
            ReleaseRecord old = kept.get(i);
            if (old.id() != servingRelease && kept.stream().noneMatch(other -> other != old
                    && other.bundle().equals(old.bundle()) && kept.indexOf(other) < keep)) {
                bundles.delete(Path.of(old.bundle()));
                releases.forgetBundle(old.id());
            }
        }
    }

    private Outcome fail(App app, String message) {
        app.log.note(message);
        LOG.warn("app {}: {}", app.name, message);
        return Outcome.failed(message);
    }

    private ProcessStateListener listener(App app) {
        // A crash-looping process passes through CRASH_LOOPING on every quick exit; the event goes out
        // once per loop (until the supervisor reports the process stable again).
        java.util.Set<String> looping = ConcurrentHashMap.newKeySet();
        return change -> {
            if (change.to() == org.berth.process.ProcessState.CRASH_LOOPING) {
                app.log.note(change.label() + " is crash-looping");
                if (looping.add(change.label())) {
                    emit(AppEvent.Type.CRASH_LOOP, app, app.serving().map(ReleaseInstance::releaseId).orElse(0L),
                            "supervisor", change.label() + " is crash-looping: " + change.reason(), null);
                }
            } else if (change.from() == change.to() || change.to().isFinal()) {
                looping.remove(change.label());
            }
        };
    }

    private App app(AppName name) {
        return apps.computeIfAbsent(name.value(), key -> {
            try {
                return new App(name, AppLog.open(config.logDirectory(), key, LogRotation.DEFAULT));
            } catch (IOException e) {
                throw new IllegalStateException("cannot open the log of app " + key + " under " + config.logDirectory()
                        + ": " + e.getMessage(), e);
            }
        });
    }

    private static String describe(Operation operation) {
        return switch (operation) {
            case Operation.Deploy deploy -> "deploy of " + deploy.bundle().getFileName();
            case Operation.Rollback rollback -> rollback.releaseId() > 0 ? "rollback to release " + rollback.releaseId()
                    : "rollback";
            case Operation.Restart restart -> restart.stanza().isPresent() ? "restart of stanza "
                    + restart.stanza().getAsInt() : "restart";
            case Operation.Remove remove -> remove.dropDatabase() ? "removal with its database" : "removal";
        };
    }

    private static String shortSha(String sha) {
        return sha.substring(0, Math.min(12, sha.length()));
    }

    /** Stops every app's processes (berth is stopping); routes go with the process. */
    @Override
    public void close() {
        for (App app : apps.values()) {
            app.serving().ifPresent(instance -> launcher.stopAll(instance.processes()));
        }
    }
}
