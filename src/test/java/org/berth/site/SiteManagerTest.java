package org.berth.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.berth.config.BerthConfig;
import org.berth.config.ConfigLoader;
import org.berth.naming.SiteName;
import org.berth.store.RunHistory;
import org.berth.store.RunRecord;
import org.berth.store.RunState;
import org.berth.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Integration over a temporary copy of the Alkane fixture (src/test/resources/alkane). */
class SiteManagerTest {
    private static final String ROOTS = """
            roots:
              db: db
              sites: wwwroot
              recipes: recipes
            site_directory_template: "%domain%.%tld%/%subdomain%"
            """;

    @TempDir
    Path temp;

    private Path root;
    private BerthConfig config;
    private Store store;
    private RunHistory history;
    private final AtomicInteger historyCalls = new AtomicInteger();
    private SiteManager manager;
    private final ByteArrayOutputStream streamed = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        root = AlkaneFixture.copyTo(temp);
        useConfig(root.resolve("alkane.conf"));
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private void useConfig(Path file) throws Exception {
        config = new ConfigLoader(root).load(file);
        manager = new SiteManager(config, this::history, new RecipeRunner());
    }

    private void useBerthConfig(String extra) throws Exception {
        Path file = root.resolve("berth.yaml");
        Files.writeString(file, ROOTS + extra);
        useConfig(file);
        assertThat(config.warnings()).isEmpty();
    }

    private synchronized RunHistory history() {
        historyCalls.incrementAndGet();
        if (history == null) {
            store = Store.open(config.storeFile());
            history = new RunHistory(store);
        }
        return history;
    }

    private static SiteActionRequest request(String site, SiteAction action, String context) {
        return new SiteActionRequest(site, action, Optional.ofNullable(context), Optional.empty(), Trigger.CLI, "tester");
    }

    private RunResult run(String site, SiteAction action, String context) throws SiteActionException {
        PreparedRun prepared = manager.prepare(request(site, action, context));
        return manager.execute(prepared, chunk -> {
            synchronized (streamed) {
                streamed.writeBytes(chunk);
            }
        });
    }

    private Path sitePath() {
        return root.resolve("wwwroot/acme.tld/foo");
    }

    private Path marker(String site) {
        return root.resolve("db/initialized").resolve(site);
    }

    private List<String> tree() throws IOException {
        try (Stream<Path> paths = Files.walk(temp)) {
            return paths.map(path -> temp.relativize(path).toString()).sorted().toList();
        }
    }

    // --- Alkane's behaviour --------------------------------------------------------------------------

    @Test
    void initCreatesHello() throws Exception {
        RunResult result = run("foo.acme.tld", SiteAction.INIT, null);

        assertThat(result.result()).isEqualTo(RecipeResult.SUCCESS);
        assertThat(result.exitStatus()).hasValue(0);
        assertThat(result.action()).isEqualTo("init");
        assertThat(sitePath().resolve("hello")).hasContent("init foo.acme.tld no-context");
    }

    @Test
    void updateAppendsALine() throws Exception {
        run("foo.acme.tld", SiteAction.INIT, null);
        RunResult result = run("foo.acme.tld", SiteAction.UPDATE, null);

        assertThat(result.result()).isEqualTo(RecipeResult.SUCCESS);
        assertThat(result.action()).isEqualTo("update");
        assertThat(Files.readAllLines(sitePath().resolve("hello")))
                .containsExactly("init foo.acme.tld no-context", "update foo.acme.tld no-context");
    }

    @Test
    void deployOnAnInitializedSiteRunsUpdate() throws Exception {
        assertThat(marker("foo.acme.tld")).exists();
        RunResult result = run("foo.acme.tld", SiteAction.DEPLOY, null);

        assertThat(result.action()).isEqualTo("update");
        assertThat(result.result()).isEqualTo(RecipeResult.SUCCESS);
        assertThat(Files.readAllLines(sitePath().resolve("hello"))).containsExactly("update foo.acme.tld no-context");
        assertThat(history.find(result.runId()).orElseThrow())
                .extracting(RunRecord::requestedAction, RunRecord::action).containsExactly("deploy", "update");
    }

    @Test
    void deployOnANewSiteRunsInitAndCreatesTheMarker() throws Exception {
        Files.delete(marker("foo.acme.tld"));
        assertThat(manager.isPresent(SiteName.parse("foo.acme.tld"))).isFalse();

        RunResult result = run("foo.acme.tld", SiteAction.DEPLOY, null);

        assertThat(result.action()).isEqualTo("init");
        assertThat(result.result()).isEqualTo(RecipeResult.SUCCESS);
        assertThat(sitePath().resolve("hello")).hasContent("init foo.acme.tld no-context");
        assertThat(marker("foo.acme.tld")).isRegularFile();
        assertThat(manager.isPresent(SiteName.parse("foo.acme.tld"))).isTrue();

        RunResult second = run("foo.acme.tld", SiteAction.DEPLOY, null);
        assertThat(second.action()).isEqualTo("update");
    }

    @Test
    void aFailedInitLeavesNoMarker() throws Exception {
        AlkaneFixture.script(root.resolve("recipes/new.acme.tld/init"), "#!/bin/sh\necho broken\nexit 2\n");

        RunResult result = run("new.acme.tld", SiteAction.DEPLOY, null);

        assertThat(result.action()).isEqualTo("init");
        assertThat(result.result()).isEqualTo(RecipeResult.ERROR);
        assertThat(result.exitStatus()).hasValue(2);
        assertThat(marker("new.acme.tld")).doesNotExist();
        assertThat(run("new.acme.tld", SiteAction.DEPLOY, null).action()).isEqualTo("init");
    }

    @Test
    void deployOfABareDomainCannotResolveTheSitePath() throws Exception {
        List<String> before = tree();
        assertThatThrownBy(() -> manager.prepare(request("acme.tld", SiteAction.DEPLOY, null)))
                .isInstanceOf(SiteActionException.class)
                .hasMessage("Can't run deployment action 'init' for site 'acme.tld': Can't resolve site path")
                .extracting(e -> ((SiteActionException) e).reason()).isEqualTo("Can't resolve site path");
        assertThat(historyCalls).hasValue(0);
        assertThat(tree()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "%2Ftmp%2Fx", "/tmp/x", "..", "foo.acme.tld/../../x", "", "foo_bar.acme.tld"})
    void anInvalidNameIsRefusedBeforeAnythingIsRecordedOrCreated(String name) throws Exception {
        List<String> before = tree();

        for (SiteAction action : SiteAction.values()) {
            assertThatThrownBy(() -> manager.prepare(request(name, action, "ctx")))
                    .isInstanceOf(SiteActionException.class)
                    .hasMessageStartingWith("Can't run deployment action '"
                            + (action == SiteAction.UPDATE ? "update" : "init") + "' for site '" + name
                            + "': invalid site name: ");
        }

        assertThat(historyCalls).as("the store was not even opened").hasValue(0);
        assertThat(tree()).as("no file appeared or vanished").isEqualTo(before);
        assertThat(history().latestPerSite()).isEmpty();
    }

    @Test
    void invalidNameMessagesSayWhatIsWrong() {
        assertThatThrownBy(() -> manager.prepare(request("%2Ftmp%2Fx", SiteAction.UPDATE, null)))
                .hasMessage("Can't run deployment action 'update' for site '%2Ftmp%2Fx': invalid site name: the name "
                        + "contains '%'; only letters a-z, digits, hyphens and dots are allowed");
        assertThatThrownBy(() -> manager.prepare(request("../x", SiteAction.DEPLOY, null)))
                .hasMessage("Can't run deployment action 'init' for site '../x': invalid site name: the name has an "
                        + "empty label (two dots in a row, or a dot at the start or end)");
        assertThatThrownBy(() -> manager.prepare(request("foo\n.acme.tld", SiteAction.INIT, null)))
                .hasMessage("Can't run deployment action 'init' for site 'foo\\x0a.acme.tld': invalid site name: the "
                        + "name contains a control character (U+000A); only letters a-z, digits, hyphens and dots are allowed");
        assertThat(historyCalls).hasValue(0);
    }

    @Test
    void theNameIsLowerCased() throws Exception {
        RunResult result = run("FOO.Acme.TLD", SiteAction.INIT, null);
        assertThat(result.result()).isEqualTo(RecipeResult.SUCCESS);
        assertThat(sitePath().resolve("hello")).hasContent("init foo.acme.tld no-context");
        assertThat(history.find(result.runId()).orElseThrow().site()).isEqualTo("foo.acme.tld");
    }

    // --- context, environment, recording ------------------------------------------------------------

    @Test
    void theContextReachesTheRecipe() throws Exception {
        RunResult result = run("foo.acme.tld", SiteAction.INIT, "CH3-CH3");
        assertThat(result.result()).isEqualTo(RecipeResult.SUCCESS);
        assertThat(sitePath().resolve("hello")).hasContent("init foo.acme.tld CH3-CH3");
    }

    @Test
    void anEmptyContextIsNoContext() throws Exception {
        run("foo.acme.tld", SiteAction.INIT, "");
        assertThat(sitePath().resolve("hello")).hasContent("init foo.acme.tld no-context");
    }

    @Test
    void theContextIsAlsoInAPrivateFileThatIsRemovedAfterTheRun() throws Exception {
        AlkaneFixture.script(root.resolve("recipes/foo.acme.tld/update"), """
                #!/bin/sh
                echo "file=$BERTH_CONTEXT_FILE"
                stat -c %a "$BERTH_CONTEXT_FILE"
                cat "$BERTH_CONTEXT_FILE"
                """);
        RunResult result = run("foo.acme.tld", SiteAction.UPDATE, "line one\nline two");

        String output = history.find(result.runId()).orElseThrow().output();
        Path contextFile = Path.of(output.lines().findFirst().orElseThrow().substring("file=".length()));
        assertThat(contextFile.getParent()).isEqualTo(config.dataRoot().resolve("tmp"));
        assertThat(output).isEqualTo("file=" + contextFile + "\n600\nline one\nline two");
        assertThat(contextFile).doesNotExist();
    }

    @Test
    void aContextTooLargeForTheEnvironmentOnlyGoesThroughTheFile() throws Exception {
        AlkaneFixture.script(root.resolve("recipes/foo.acme.tld/update"), """
                #!/bin/sh
                echo "env=${ALKANE_SITE_CONTEXT:-absent} bytes=$(wc -c < "$BERTH_CONTEXT_FILE")"
                """);
        String context = "x".repeat(200 * 1024);
        RunResult result = run("foo.acme.tld", SiteAction.UPDATE, context);

        assertThat(result.result()).isEqualTo(RecipeResult.SUCCESS);
        RunRecord run = history.find(result.runId()).orElseThrow();
        assertThat(run.contextSize()).isEqualTo(200 * 1024);
        assertThat(run.output()).isEqualTo("[berth] the context (204800 bytes) is too large for ALKANE_SITE_CONTEXT; "
                + "read it from the file named by BERTH_CONTEXT_FILE\nenv=absent bytes=204800\n");
    }

    @Test
    void theRunIsRecordedWithTriggerCallerContextAndOutput() throws Exception {
        AlkaneFixture.script(root.resolve("recipes/bar.acme.tld/init"), """
                #!/bin/sh
                echo "site=$ALKANE_SITE_NAME path=$ALKANE_SITE_PATH recipes=$ALKANE_RECIPES_PATH"
                echo "context=$ALKANE_SITE_CONTEXT"
                echo "action=$BERTH_ACTION trigger=$BERTH_TRIGGER run=$BERTH_RUN_ID artifact=$BERTH_ARTIFACT"
                echo "java=${JAVA_HOME:-unset} pwd=$(pwd)"
                exit 1
                """);
        SiteActionRequest request = new SiteActionRequest("bar.acme.tld", SiteAction.DEPLOY, Optional.of("CH3-CH3 é"),
                Optional.of("build-42"), Trigger.HTTP, "203.0.113.5 (token ci)");

        PreparedRun prepared = manager.prepare(request);
        RunRecord queued = history.find(prepared.runId()).orElseThrow();
        assertThat(queued.state()).isEqualTo(RunState.QUEUED);
        assertThat(prepared.sitePath()).isEqualTo(root.resolve("wwwroot/acme.tld/bar"));

        RunResult result = manager.execute(prepared, chunk -> streamed.writeBytes(chunk));

        assertThat(result.runId()).isEqualTo(prepared.runId());
        assertThat(result.result()).isEqualTo(RecipeResult.WARNING);
        String expectedOutput = "site=bar.acme.tld path=" + root.resolve("wwwroot/acme.tld/bar")
                + " recipes=" + root.resolve("recipes") + "\n"
                + "context=CH3-CH3 é\n"
                + "action=init trigger=http run=" + prepared.runId() + " artifact=build-42\n"
                + "java=unset pwd=" + root.resolve("recipes/bar.acme.tld").toRealPath() + "\n";
        RunRecord run = history.find(prepared.runId()).orElseThrow();
        assertThat(run.site()).isEqualTo("bar.acme.tld");
        assertThat(run.requestedAction()).isEqualTo("deploy");
        assertThat(run.action()).isEqualTo("init");
        assertThat(run.trigger()).isEqualTo("http");
        assertThat(run.caller()).isEqualTo("203.0.113.5 (token ci)");
        assertThat(run.contextSize()).isEqualTo(10); // "é" is two bytes in UTF-8
        assertThat(run.artifact()).isEqualTo("build-42");
        assertThat(run.state()).isEqualTo(RunState.FINISHED);
        assertThat(run.result()).isEqualTo("Warning");
        assertThat(run.exitStatus()).isEqualTo(1);
        assertThat(run.output()).isEqualTo(expectedOutput);
        assertThat(run.outputTruncated()).isFalse();
        assertThat(run.startedAt()).isNotNull();
        assertThat(run.endedAt()).isAfterOrEqualTo(run.startedAt());
        assertThat(streamed.toString(StandardCharsets.UTF_8)).isEqualTo(expectedOutput);
    }

    @Test
    void aMissingRecipeIsARecordedError() throws Exception {
        RunResult result = run("nope.acme.tld", SiteAction.DEPLOY, null);

        assertThat(result.result()).isEqualTo(RecipeResult.ERROR);
        assertThat(result.exitStatus()).isEmpty();
        RunRecord run = history.find(result.runId()).orElseThrow();
        assertThat(run.result()).isEqualTo("Error");
        assertThat(run.exitStatus()).isNull();
        assertThat(run.output()).isEqualTo("[berth] recipe " + root.resolve("recipes/nope.acme.tld/init")
                + " does not exist\n");
        assertThat(marker("nope.acme.tld")).doesNotExist();
    }

    @Test
    void aMissingRecipesFolderIsARecordedError() throws Exception {
        try (Stream<Path> paths = Files.walk(root.resolve("recipes"))) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
        RunResult result = run("foo.acme.tld", SiteAction.UPDATE, null);
        assertThat(result.result()).isEqualTo(RecipeResult.ERROR);
        assertThat(history.find(result.runId()).orElseThrow().output())
                .isEqualTo("[berth] recipes folder " + root.resolve("recipes") + " does not exist\n");
    }

    @Test
    void theSiteEnvironmentAndTimeoutComeFromTheConfig() throws Exception {
        useBerthConfig("""
                site-defaults:
                  env:
                    APP_ENV: production
                sites:
                  bar.acme.tld:
                    timeout: 1s
                    env:
                      APP_ENV: staging
                """);
        AlkaneFixture.script(root.resolve("recipes/foo.acme.tld/update"), "#!/bin/sh\necho \"env=$APP_ENV\"\n");
        AlkaneFixture.script(root.resolve("recipes/bar.acme.tld/init"), "#!/bin/sh\necho \"env=$APP_ENV\"\nsleep 30\n");

        RunResult foo = run("foo.acme.tld", SiteAction.UPDATE, null);
        assertThat(history.find(foo.runId()).orElseThrow().output()).isEqualTo("env=production\n");

        RunResult bar = run("bar.acme.tld", SiteAction.DEPLOY, null);
        assertThat(bar.result()).isEqualTo(RecipeResult.TIMED_OUT);
        assertThat(bar.exitStatus()).isEmpty();
        RunRecord run = history.find(bar.runId()).orElseThrow();
        assertThat(run.result()).isEqualTo("TimedOut");
        assertThat(run.exitStatus()).isNull();
        assertThat(run.output()).startsWith("env=staging\n[berth] time limit of 1s reached");
        assertThat(marker("bar.acme.tld")).doesNotExist();
    }

    @Test
    void aContextWithANulByteReachesTheRecipeThroughTheContextFileOnly() throws Exception {
        PreparedRun prepared = manager.prepare(request("foo.acme.tld", SiteAction.UPDATE, "a\u0000b"));
        RunResult result = manager.execute(prepared, chunk -> { });
        assertThat(result.result()).isEqualTo(RecipeResult.SUCCESS);
        var run = history.find(prepared.runId()).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.FINISHED);
        assertThat(run.output()).contains("the context contains a NUL byte");
    }

    // --- after-success -------------------------------------------------------------------------------

    @Test
    void theAfterSuccessCommandRunsAfterASuccessfulRecipe() throws Exception {
        useBerthConfig("""
                sites:
                  foo.acme.tld:
                    after-success: 'echo "after $BERTH_ACTION $(cat "$ALKANE_SITE_PATH/hello")" > "$ALKANE_SITE_PATH/after"'
                """);
        RunResult result = run("foo.acme.tld", SiteAction.INIT, null);

        assertThat(result.result()).isEqualTo(RecipeResult.SUCCESS);
        assertThat(sitePath().resolve("after")).hasContent("after init init foo.acme.tld no-context");
        assertThat(history.find(result.runId()).orElseThrow().output())
                .contains("[berth] running after-success command: echo");
    }

    @Test
    void theAfterSuccessCommandDoesNotRunAfterAFailure() throws Exception {
        useBerthConfig("""
                site-defaults:
                  after-success: 'touch "$ALKANE_SITE_PATH/after"'
                """);
        AlkaneFixture.script(root.resolve("recipes/foo.acme.tld/update"), "#!/bin/sh\nexit 1\n");

        RunResult result = run("foo.acme.tld", SiteAction.UPDATE, null);

        assertThat(result.result()).isEqualTo(RecipeResult.WARNING);
        assertThat(sitePath().resolve("after")).doesNotExist();
        assertThat(history.find(result.runId()).orElseThrow().output()).doesNotContain("after-success");
    }

    @Test
    void aFailingAfterSuccessCommandTurnsTheResultIntoAWarning() throws Exception {
        useBerthConfig("""
                sites:
                  foo.acme.tld:
                    after-success: 'echo reload failed; exit 5'
                """);
        RunResult result = run("foo.acme.tld", SiteAction.UPDATE, null);

        assertThat(result.result()).isEqualTo(RecipeResult.WARNING);
        assertThat(result.exitStatus()).as("the recipe's own exit status").hasValue(0);
        RunRecord run = history.find(result.runId()).orElseThrow();
        assertThat(run.result()).isEqualTo("Warning");
        assertThat(run.output()).isEqualTo("[berth] running after-success command: echo reload failed; exit 5\n"
                + "reload failed\n"
                + "[berth] after-success command failed (Unknown, exit 5); the run is recorded as a Warning\n");
        assertThat(sitePath().resolve("hello")).hasContent("update foo.acme.tld no-context");
    }

    @Test
    void aSuccessfulInitIsMarkedEvenWhenTheAfterSuccessCommandFails() throws Exception {
        useBerthConfig("""
                site-defaults:
                  after-success: 'exit 1'
                """);
        Files.delete(marker("foo.acme.tld"));

        RunResult result = run("foo.acme.tld", SiteAction.DEPLOY, null);

        assertThat(result.action()).isEqualTo("init");
        assertThat(result.result()).isEqualTo(RecipeResult.WARNING);
        assertThat(sitePath().resolve("hello")).exists();
        assertThat(marker("foo.acme.tld")).exists();
    }

    // --- one action per site ---------------------------------------------------------------------------

    @Test
    void twoRunsOfOneSiteDoNotOverlap() throws Exception {
        AlkaneFixture.script(root.resolve("recipes/foo.acme.tld/update"), """
                #!/bin/sh
                echo "start $BERTH_RUN_ID" >> "$ALKANE_SITE_PATH/log"
                sleep 0.3
                echo "end $BERTH_RUN_ID" >> "$ALKANE_SITE_PATH/log"
                """);
        PreparedRun first = manager.prepare(request("foo.acme.tld", SiteAction.UPDATE, null));
        PreparedRun second = manager.prepare(request("foo.acme.tld", SiteAction.UPDATE, null));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<RunResult> a = pool.submit(() -> manager.execute(first, chunk -> { }));
            Future<RunResult> b = pool.submit(() -> manager.execute(second, chunk -> { }));
            assertThat(a.get(10, TimeUnit.SECONDS).result()).isEqualTo(RecipeResult.SUCCESS);
            assertThat(b.get(10, TimeUnit.SECONDS).result()).isEqualTo(RecipeResult.SUCCESS);
        } finally {
            pool.shutdownNow();
        }
        List<String> log = Files.readAllLines(sitePath().resolve("log"));
        assertThat(log).hasSize(4);
        assertThat(log.get(0).replace("start ", "end ")).isEqualTo(log.get(1));
        assertThat(log.get(2).replace("start ", "end ")).isEqualTo(log.get(3));
        assertThat(config.lockDirectory().resolve("foo.acme.tld.lock")).exists();
    }

    // --- read-only questions -----------------------------------------------------------------------------

    @Test
    void readOnlyQuestionsDoNotOpenTheStore() throws Exception {
        assertThat(manager.isPresent(SiteName.parse("foo.acme.tld"))).isTrue();
        assertThat(manager.isPresent(SiteName.parse("nope.acme.tld"))).isFalse();
        assertThat(manager.sitePath(SiteName.parse("foo.acme.tld"))).contains(sitePath());
        assertThat(manager.sitePath(SiteName.parse("acme.tld"))).isEmpty();
        AlkaneFixture.script(root.resolve("recipes/bar.acme.tld/init"), "#!/bin/sh\n");
        Files.createDirectories(root.resolve("recipes/not_a_site"));
        assertThat(manager.knownSites()).extracting(SiteName::value).containsExactly("bar.acme.tld", "foo.acme.tld");
        assertThat(historyCalls).hasValue(0);
        assertThat(config.storeFile()).doesNotExist();
    }
}
