package org.berth.actions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.berth.app.AppManager;
import org.berth.app.AppRuntime;
import org.berth.app.Operation;
import org.berth.config.BerthConfig;
import org.berth.naming.AppName;
import org.berth.store.ReleaseHistory;
import org.berth.naming.InvalidSiteNameException;
import org.berth.naming.SiteName;
import org.berth.site.InitializedMarkers;
import org.berth.site.PreparedRun;
import org.berth.site.SitePathResolver;
import org.berth.site.RecipeRunner;
import org.berth.site.RunResult;
import org.berth.site.SiteActionException;
import org.berth.site.SiteActionRequest;
import org.berth.site.SiteManager;
import org.berth.store.RunHistory;
import org.berth.store.RunRecord;
import org.berth.store.Store;

/**
 * The one entry point for every operation, whoever asks: the CLI and the HTTP API are thin
 * adapters over this class. The store is opened on first use, so commands that do not need
 * it (is-present) stay fast.
 */
public final class Actions implements AutoCloseable {
    /** How long a finished job stays in memory for late log readers; after that the store answers. */
    static final Duration FINISHED_JOB_RETENTION = Duration.ofMinutes(10);

    private final BerthConfig config;
    private final Supplier<Store> storeOpener;
    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("site-action-", 1).factory());
    private Store store;
    private SiteManager sites;
    private AppRuntime appRuntime;
    /** The proxy's certificates, when this process runs the proxy (set by the server at start). */
    private volatile org.berth.tls.TlsService certificates;

    public Actions(BerthConfig config) {
        this.config = config;
        this.storeOpener = () -> Store.open(config.storeFile());
    }

    public BerthConfig config() {
        return config;
    }

    // ---- sites -------------------------------------------------------------------------

    /** Checks and records the request, then runs it in the background. Throws before anything runs. */
    public Job startSiteAction(SiteActionRequest request) throws SiteActionException {
        PreparedRun prepared = siteManager().prepare(request);
        Job job = new Job(prepared.runId(), prepared.site().value());
        jobs.put(job.id(), job);
        workers.submit(() -> {
            RunResult outcome;
            try {
                outcome = siteManager().execute(prepared, job::write);
            } catch (RuntimeException e) {
                job.result().completeExceptionally(e);
                throw e;
            }
            job.complete(outcome);
            forgetLater(job.id());
        });
        return job;
    }

    /** Runs the request and waits for it, streaming the output to {@code output} as it comes. */
    public RunResult runSiteAction(SiteActionRequest request, Consumer<byte[]> output) throws SiteActionException {
        PreparedRun prepared = siteManager().prepare(request);
        return siteManager().execute(prepared, output);
    }

    /** The site's folder when the site is initialized; empty when absent. Throws for an invalid name. */
    public Optional<Path> presentSite(String rawSite) throws InvalidSiteNameException {
        SiteName site = SiteName.parse(rawSite);
        // Deliberately light (no store, no logging): this is the command scripts call in loops.
        if (!new InitializedMarkers(config.roots().db()).isInitialized(site)) {
            return Optional.empty();
        }
        // Present but unresolvable (a template change since) still counts as present, as in Alkane.
        return Optional.of(new SitePathResolver(config.roots().sites(), config.siteDirectoryTemplate())
                .resolve(site).orElse(config.roots().sites()));
    }

    public List<SiteSummary> sites() {
        Map<String, RunRecord> latest = new java.util.HashMap<>();
        history().latestPerSite().forEach(run -> latest.put(run.site(), run));
        java.util.TreeSet<String> names = new java.util.TreeSet<>(latest.keySet());
        siteManager().knownSites().forEach(site -> names.add(site.value()));
        return names.stream().filter(SiteName::isValid).map(SiteName::parse)
                .map(site -> new SiteSummary(site.value(), siteManager().isPresent(site),
                        siteManager().sitePath(site).orElse(null), latest.get(site.value())))
                .toList();
    }

    public List<RunRecord> siteHistory(String rawSite, int limit) throws InvalidSiteNameException {
        return history().forSite(SiteName.parse(rawSite).value(), limit);
    }

    public Optional<RunRecord> run(long id) {
        return history().find(id);
    }

    /** A job still held in memory (running, or finished in the last minutes). */
    public Optional<Job> liveJob(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** On server start: close runs a dead berth process left open. */
    public int abandonOrphanRuns() {
        return history().abandonOrphans("berth stopped while this run was queued or running; its outcome is unknown");
    }

    // ---- apps --------------------------------------------------------------------------

    /**
     * Starts running apps in this process (only {@code berth server} does): stops what a killed
     * berth left behind, then deploys or restores every bundle in {@code incoming/}.
     */
    public synchronized AppRuntime startApps() throws java.io.IOException {
        return startApps(null);
    }

    /**
     * Starts the apps with {@code listener} told of every app event (null: nobody), attached before
     * anything starts so that the deploys of bundles already waiting in {@code incoming/} are seen too.
     */
    public synchronized AppRuntime startApps(org.berth.app.AppEventListener listener) throws java.io.IOException {
        return startApps(listener, org.berth.bundle.GlobalReverseProxyStanzas.NONE);
    }

    /** As {@link #startApps(org.berth.app.AppEventListener)}, serving Keter's global reverse-proxy stanzas too. */
    public synchronized AppRuntime startApps(org.berth.app.AppEventListener listener,
                                             org.berth.bundle.GlobalReverseProxyStanzas global) throws java.io.IOException {
        if (appRuntime == null) {
            history();
            appRuntime = new AppRuntime(config, new ReleaseHistory(store), global);
            if (listener != null) {
                appRuntime.manager().listen(listener);
            }
            appRuntime.start();
        }
        return appRuntime;
    }

    /** The app manager of this server; the CLI reaches apps through the API instead. */
    public synchronized AppManager apps() {
        if (appRuntime == null) {
            throw new IllegalStateException("apps are run by 'berth server'; this process does not run them");
        }
        return appRuntime.manager();
    }

    /** Called once by the server when its proxy serves HTTPS. */
    public void useCertificates(org.berth.tls.TlsService tls) {
        certificates = tls;
    }

    /** The hosts' certificates; empty when this process runs no proxy. */
    public java.util.Optional<org.berth.tls.TlsService> certificates() {
        return java.util.Optional.ofNullable(certificates);
    }

    /** Each returns the operation's id, to follow with {@link AppManager#operation}. */
    public long deployApp(AppName app, Path bundle, String trigger, String caller) {
        return apps().submit(app, new Operation.Deploy(bundle, trigger, caller));
    }

    public long restartApp(AppName app, java.util.OptionalInt stanza, String trigger, String caller) {
        return apps().submit(app, new Operation.Restart(stanza, trigger, caller));
    }

    /** Rolls back to {@code release}, or to the release before the serving one when it is 0. */
    public long rollbackApp(AppName app, long release, String trigger, String caller) {
        return apps().submit(app, new Operation.Rollback(release, trigger, caller));
    }

    public long removeApp(AppName app, String trigger, String caller) {
        return apps().submit(app, new Operation.Remove(trigger, caller));
    }

    // ---- plumbing ----------------------------------------------------------------------

    private synchronized SiteManager siteManager() {
        if (sites == null) {
            sites = new SiteManager(config, this::history, new RecipeRunner());
        }
        return sites;
    }

    private synchronized RunHistory history() {
        if (store == null) {
            store = storeOpener.get();
        }
        return new RunHistory(store);
    }

    private void forgetLater(long id) {
        java.util.concurrent.CompletableFuture.delayedExecutor(FINISHED_JOB_RETENTION.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> jobs.remove(id));
    }

    /** Waits for running actions to end (each is bounded by its time limit), then closes the store. */
    @Override
    public void close() {
        workers.shutdown();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        synchronized (this) {
            if (appRuntime != null) {
                appRuntime.close();
            }
            if (store != null) {
                store.close();
            }
        }
    }
}
