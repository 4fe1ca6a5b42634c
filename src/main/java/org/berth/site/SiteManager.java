package org.berth.site;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.berth.config.BerthConfig;
import org.berth.config.SiteSettings;
import org.berth.naming.InvalidSiteNameException;
import org.berth.naming.SiteName;
import org.berth.process.OutputCapture;
import org.berth.store.RunHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Alkane-style site actions: checks the name, resolves the site's folder, takes the
 * site's lock, runs its {@code init} or {@code update} recipe (and the after-success command),
 * marks a first init, and records the whole run.
 */
public final class SiteManager {
    private static final Logger LOG = LoggerFactory.getLogger(SiteManager.class);
    /** Larger contexts reach the recipe only through BERTH_CONTEXT_FILE (Linux's limit is 128 KiB per variable). */
    static final long MAX_CONTEXT_IN_ENVIRONMENT = 120 * 1024;

    private final BerthConfig config;
    private final java.util.function.Supplier<RunHistory> history;
    private final RecipeRunner runner;
    private final SitePathResolver paths;
    private final InitializedMarkers markers;

    /** {@code history} is asked for only when a run is recorded, so read-only questions never open the store. */
    public SiteManager(BerthConfig config, java.util.function.Supplier<RunHistory> history, RecipeRunner runner) {
        this.config = config;
        this.history = history;
        this.runner = runner;
        this.paths = new SitePathResolver(config.roots().sites(), config.siteDirectoryTemplate());
        this.markers = new InitializedMarkers(config.roots().db());
    }

    /** Validates the request and records it as queued; nothing runs and no file is touched on failure. */
    public PreparedRun prepare(SiteActionRequest request) throws SiteActionException {
        SiteName site;
        try {
            site = SiteName.parse(request.rawSite());
        } catch (InvalidSiteNameException e) {
            throw new SiteActionException(plannedAction(request.action(), null), request.rawSite(), e.getMessage());
        }
        Optional<Path> sitePath = paths.resolve(site);
        if (sitePath.isEmpty()) {
            throw new SiteActionException(plannedAction(request.action(), site), site.value(), "Can't resolve site path");
        }
        long runId = history.get().create(site.value(), request.action().recipeName(), request.trigger().label(),
                request.caller(), request.contextSize(), request.artifact().orElse(null), Instant.now());
        return new PreparedRun(runId, site, sitePath.get(), request);
    }

    /** Waits for the site's lock, runs the recipe and records the outcome. Output goes to {@code listener} live. */
    public RunResult execute(PreparedRun run, Consumer<byte[]> listener) {
        OutputCapture output = new OutputCapture(config.outputLimit(), listener);
        String action = run.request().action().recipeName();
        try (SiteLock lock = SiteLock.acquire(config.lockDirectory(), run.site())) {
            action = plannedAction(run.request().action(), run.site());
            history.get().markStarted(run.runId(), action, Instant.now());
            LOG.info("site {}: {} started (run {}, {} by {})", run.site(), action, run.runId(),
                    run.request().trigger().label(), run.request().caller());
            RecipeOutcome outcome = runRecipe(run, action, output);
            return finish(run, action, outcome, output);
        } catch (IOException e) {
            output.note("cannot take the lock for " + run.site() + " under " + config.lockDirectory() + ": " + e.getMessage());
            return finish(run, action, new RecipeOutcome(RecipeResult.ERROR, OptionalInt.empty()), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            output.note("interrupted while waiting for the site's lock: berth is stopping");
            return finish(run, action, new RecipeOutcome(RecipeResult.UNKNOWN, OptionalInt.empty()), output);
        }
    }

    private RecipeOutcome runRecipe(PreparedRun run, String action, OutputCapture output) {
        Path contextFile = null;
        try {
            contextFile = writeContextFile(run);
            return runRecipe(run, action, output, contextFile);
        } catch (IOException e) {
            output.note("cannot write the context file under " + config.dataRoot() + ": " + e.getMessage());
            return new RecipeOutcome(RecipeResult.ERROR, OptionalInt.empty());
        } finally {
            if (contextFile != null) {
                try {
                    java.nio.file.Files.deleteIfExists(contextFile);
                } catch (IOException ignored) {
                    // a leftover 0600 file in berth's own tmp folder; the next run does not care
                }
            }
        }
    }

    private RecipeOutcome runRecipe(PreparedRun run, String action, OutputCapture output, Path contextFile) {
        SiteSettings settings = config.siteSettings(run.site().value());
        Path recipesRoot = config.roots().recipes();
        Path recipeFolder = recipesRoot.resolve(run.site().value());
        Map<String, String> alkane = new java.util.LinkedHashMap<>(RecipeEnvironment.alkaneVariables(
                recipesRoot, run.site().value(), run.sitePath(), run.request().context()));
        if (run.request().contextSize() > MAX_CONTEXT_IN_ENVIRONMENT) {
            // Linux refuses to start a program with one variable over 128 KiB (E2BIG).
            alkane.remove("ALKANE_SITE_CONTEXT");
            output.note("the context (" + run.request().contextSize() + " bytes) is too large for ALKANE_SITE_CONTEXT;"
                    + " read it from the file named by BERTH_CONTEXT_FILE");
        } else if (run.request().context().filter(text -> text.indexOf('\0') >= 0).isPresent()) {
            // An environment variable cannot hold a NUL byte; the file can.
            alkane.remove("ALKANE_SITE_CONTEXT");
            output.note("the context contains a NUL byte, which an environment variable cannot hold;"
                    + " read it from the file named by BERTH_CONTEXT_FILE");
        }
        Map<String, String> environment = new java.util.LinkedHashMap<>(RecipeEnvironment.forRun(alkane,
                new RecipeEnvironment.RunInfo(run.runId(), action, run.request().trigger().label(), run.request().artifact()),
                settings.env()));
        if (contextFile != null) {
            environment.put("BERTH_CONTEXT_FILE", contextFile.toString());
        }
        Path workingDirectory = java.nio.file.Files.isDirectory(recipeFolder) ? recipeFolder : recipesRoot;
        if (!java.nio.file.Files.isDirectory(workingDirectory)) {
            output.note("recipes folder " + recipesRoot + " does not exist");
            return new RecipeOutcome(RecipeResult.ERROR, OptionalInt.empty());
        }
        RecipeOutcome outcome = runner.run(new RecipeInvocation(
                List.of(recipeFolder.resolve(action).toString()), workingDirectory, environment, settings.timeout()), output);
        if (action.equals("init") && outcome.result() == RecipeResult.SUCCESS) {
            // The site exists once init succeeded, whatever the after-success command does next.
            markInitialized(run.site(), output);
        }
        if (outcome.result() != RecipeResult.SUCCESS || settings.afterSuccess().isEmpty()) {
            return outcome;
        }
        String command = settings.afterSuccess().get();
        output.note("running after-success command: " + command);
        RecipeOutcome after = runner.run(new RecipeInvocation(List.of("/bin/sh", "-c", command), workingDirectory,
                environment, settings.timeout()), output);
        if (after.result() != RecipeResult.SUCCESS) {
            output.note("after-success command failed (" + after.result().label()
                    + after.exitStatus().stream().mapToObj(status -> ", exit " + status).findFirst().orElse("")
                    + "); the run is recorded as a Warning");
            return new RecipeOutcome(RecipeResult.WARNING, outcome.exitStatus());
        }
        return outcome;
    }

    private void markInitialized(SiteName site, OutputCapture output) {
        try {
            markers.markInitialized(site);
        } catch (IOException e) {
            output.note("cannot create the initialized marker under " + config.roots().db() + ": " + e.getMessage());
            LOG.warn("site {}: cannot mark as initialized: {}", site, e.getMessage());
        }
    }

    /** The context also goes into a 0600 file for the run, since an environment variable cannot hold 1 MiB. */
    private Path writeContextFile(PreparedRun run) throws IOException {
        if (run.request().context().filter(text -> !text.isEmpty()).isEmpty()) {
            return null;
        }
        Path folder = config.dataRoot().resolve("tmp");
        java.nio.file.Files.createDirectories(folder);
        Path file = folder.resolve("run-" + run.runId() + ".context");
        java.nio.file.Files.deleteIfExists(file);
        java.nio.file.Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        java.nio.file.Files.writeString(file, run.request().context().get());
        return file;
    }

    private RunResult finish(PreparedRun run, String action, RecipeOutcome outcome, OutputCapture output) {
        history.get().finish(run.runId(), outcome.result().label(),
                outcome.exitStatus().isPresent() ? outcome.exitStatus().getAsInt() : null,
                Instant.now(), output.text(), output.truncated());
        LOG.info("site {}: {} ended: {} (run {})", run.site(), action, outcome.result().label(), run.runId());
        return new RunResult(run.runId(), action, outcome.result(), outcome.exitStatus());
    }

    /** {@code deploy} becomes {@code update} for an initialised site, else {@code init}. */
    private String plannedAction(SiteAction action, SiteName site) {
        if (action != SiteAction.DEPLOY) {
            return action.recipeName();
        }
        return site != null && markers.isInitialized(site) ? "update" : "init";
    }

    public boolean isPresent(SiteName site) {
        return markers.isInitialized(site);
    }

    public Optional<Path> sitePath(SiteName site) {
        return paths.resolve(site);
    }

    /**
     * Every site berth knows of: a folder under the recipes root, an initialized marker, or an
     * entry in the config — sorted by name.
     */
    public List<SiteName> knownSites() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(config.sites().keySet());
        markers.all().forEach(site -> names.add(site.value()));
        Path recipes = config.roots().recipes();
        if (java.nio.file.Files.isDirectory(recipes)) {
            try (var folders = java.nio.file.Files.list(recipes)) {
                folders.filter(java.nio.file.Files::isDirectory)
                        .map(path -> path.getFileName().toString())
                        .filter(SiteName::isValid)
                        .forEach(names::add);
            } catch (IOException e) {
                LOG.warn("cannot list recipes folder {}: {}", recipes, e.getMessage());
            }
        }
        List<SiteName> sites = new ArrayList<>();
        names.forEach(name -> sites.add(SiteName.parse(name)));
        return sites;
    }
}
