package org.berth.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.berth.process.OutputCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecipeRunnerTest {
    @TempDir
    Path dir;

    private final RecipeRunner runner = new RecipeRunner();
    private final ByteArrayOutputStream streamed = new ByteArrayOutputStream();
    private final OutputCapture output = new OutputCapture(64 * 1024, chunk -> {
        synchronized (streamed) {
            streamed.writeBytes(chunk);
        }
    });

    private static Map<String, String> baseEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", RecipeEnvironment.DEFAULT_PATH);
        environment.put("ALKANE_SITE_NAME", "foo.acme.tld");
        return environment;
    }

    private Path recipe(String body) throws IOException {
        return AlkaneFixture.script(dir.resolve("recipe"), "#!/bin/sh\n" + body + "\n");
    }

    private RecipeOutcome run(Path recipe, Map<String, String> environment, Duration timeout) {
        return runner.run(new RecipeInvocation(List.of(recipe.toString()), dir, environment, timeout), output);
    }

    private RecipeOutcome run(Path recipe) {
        return run(recipe, baseEnvironment(), Duration.ofSeconds(10));
    }

    private String streamedText() {
        synchronized (streamed) {
            return streamed.toString(StandardCharsets.UTF_8);
        }
    }

    /** True when the process no longer exists (or is a zombie nobody reaped yet). */
    private static boolean gone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state == 'Z' || state == 'X';
        } catch (IOException e) {
            return true;
        }
    }

    private long pidFrom(String name) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve(name)).strip());
    }

    @ParameterizedTest(name = "exit {0} -> {1}")
    @CsvSource({"0, SUCCESS", "1, WARNING", "2, ERROR", "3, UNKNOWN", "7, UNKNOWN", "255, UNKNOWN"})
    void exitStatusesMapToAlkanesResults(int status, RecipeResult expected) throws IOException {
        RecipeOutcome outcome = run(recipe("exit " + status));
        assertThat(outcome.result()).isEqualTo(expected);
        assertThat(outcome.exitStatus()).hasValue(status);
    }

    @Test
    void aRecipeKilledByASignalIsUnknown() throws IOException {
        RecipeOutcome outcome = run(recipe("kill -KILL $$"));
        assertThat(outcome.result()).isEqualTo(RecipeResult.UNKNOWN);
        assertThat(outcome.exitStatus()).hasValue(128 + 9);
    }

    @Test
    void aMissingRecipeIsAnError() {
        Path missing = dir.resolve("recipes/foo.acme.tld/init");
        RecipeOutcome outcome = run(missing);
        assertThat(outcome).isEqualTo(new RecipeOutcome(RecipeResult.ERROR, OptionalInt.empty()));
        assertThat(output.text()).isEqualTo("[berth] recipe " + missing + " does not exist\n");
        assertThat(streamedText()).isEqualTo(output.text());
    }

    @Test
    void aRecipeThatIsNotExecutableIsAnError() throws IOException {
        Path recipe = dir.resolve("update");
        Files.writeString(recipe, "#!/bin/sh\ntouch ran\n");
        Files.setPosixFilePermissions(recipe, PosixFilePermissions.fromString("rw-r--r--"));

        RecipeOutcome outcome = run(recipe);

        assertThat(outcome).isEqualTo(new RecipeOutcome(RecipeResult.ERROR, OptionalInt.empty()));
        assertThat(output.text()).isEqualTo("[berth] recipe " + recipe + " is not executable (chmod +x it)\n");
        assertThat(dir.resolve("ran")).doesNotExist();
    }

    @Test
    void aRecipeWhoseInterpreterIsMissingIsAnError() throws IOException {
        Path recipe = AlkaneFixture.script(dir.resolve("init"), "#!/nonexistent/interpreter\necho hi\n");
        RecipeOutcome outcome = run(recipe);
        assertThat(outcome.result()).isEqualTo(RecipeResult.ERROR);
    }

    @Test
    void theEnvironmentIsExactlyWhatWasPassed() throws IOException {
        Map<String, String> environment = baseEnvironment();
        environment.put("ALKANE_SITE_CONTEXT", "CH3-CH3");
        environment.put("WITH_SPACES", "a b  c");
        RecipeOutcome outcome = run(recipe("env"), environment, Duration.ofSeconds(10));
        assertThat(outcome.result()).isEqualTo(RecipeResult.SUCCESS);

        Map<String, String> seen = new TreeMap<>();
        for (String line : output.text().split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                seen.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        assertThat(seen).containsAllEntriesOf(environment);
        // Only what we passed, plus what /bin/sh sets itself.
        assertThat(seen.keySet()).isSubsetOf(union(environment.keySet(), Set.of("PWD", "SHLVL", "_", "OLDPWD")));
        for (String inherited : System.getenv().keySet()) {
            if (!environment.containsKey(inherited) && !Set.of("PWD", "SHLVL", "_", "OLDPWD").contains(inherited)) {
                assertThat(seen).as("variable %s of the test JVM leaked", inherited).doesNotContainKey(inherited);
            }
        }
        assertThat(seen).doesNotContainKeys("JAVA_HOME", "MAVEN_CMD_LINE_ARGS", "HOME");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void runsInTheWorkingDirectoryWithNoInput() throws IOException {
        // cat would block forever on an inherited stdin; /dev/null ends it at once.
        RecipeOutcome outcome = run(recipe("cat; pwd"));
        assertThat(outcome.result()).isEqualTo(RecipeResult.SUCCESS);
        assertThat(output.text()).isEqualTo(dir.toRealPath() + "\n");
    }

    @Test
    void outputIsCapturedAndStreamedWithStderrMerged() throws IOException {
        RecipeOutcome outcome = run(recipe("echo out one\necho err one >&2\necho out two\nexit 1"));
        assertThat(outcome.result()).isEqualTo(RecipeResult.WARNING);
        assertThat(output.text()).isEqualTo("out one\nerr one\nout two\n");
        assertThat(streamedText()).isEqualTo(output.text());
    }

    @Test
    void outputIsStreamedWhileTheRecipeRuns() throws Exception {
        Path recipe = recipe("echo first\nwhile [ ! -f go ]; do sleep 0.05; done\necho second");
        Thread running = Thread.ofVirtual().start(() -> run(recipe));
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> streamedText().equals("first\n"));
            assertThat(running.isAlive()).isTrue();
        } finally {
            Files.createFile(dir.resolve("go"));
            running.join(10_000);
        }
        assertThat(streamedText()).isEqualTo("first\nsecond\n");
    }

    @Test
    void aHangingRecipeAndItsBackgroundChildAreStoppedAtTheTimeLimit() throws IOException {
        Path recipe = recipe("echo $$ > recipe.pid\nsleep 300 &\necho $! > child.pid\necho started\nsleep 300");

        long before = System.nanoTime();
        RecipeOutcome outcome = run(recipe, baseEnvironment(), Duration.ofSeconds(1));
        Duration took = Duration.ofNanos(System.nanoTime() - before);

        assertThat(outcome).isEqualTo(new RecipeOutcome(RecipeResult.TIMED_OUT, OptionalInt.empty()));
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(9));
        long recipePid = pidFrom("recipe.pid");
        long childPid = pidFrom("child.pid");
        assertThat(childPid).isNotEqualTo(recipePid);
        await().atMost(Duration.ofSeconds(10)).until(() -> gone(recipePid) && gone(childPid));
        assertThat(output.text()).isEqualTo("started\n[berth] time limit of 1s reached; stopping the recipe and every "
                + "process it started\n");
    }

    @Test
    void childrenThatIgnoreTermAreKilledAfterTheGrace() throws IOException {
        Path recipe = recipe("trap '' TERM\necho $$ > recipe.pid\nsleep 300 &\necho $! > child.pid\nsleep 300");

        long before = System.nanoTime();
        RecipeOutcome outcome = run(recipe, baseEnvironment(), Duration.ofSeconds(1));
        Duration took = Duration.ofNanos(System.nanoTime() - before);

        assertThat(outcome.result()).isEqualTo(RecipeResult.TIMED_OUT);
        assertThat(outcome.exitStatus()).isEmpty();
        long recipePid = pidFrom("recipe.pid");
        long childPid = pidFrom("child.pid");
        await().atMost(Duration.ofSeconds(10)).until(() -> gone(recipePid) && gone(childPid));
        assertThat(took).as("TERM was ignored, so KILL came after the grace period")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1).plus(RecipeRunner.KILL_GRACE));
    }

    @Test
    void anInterruptedRunStopsTheRecipeAndReportsUnknown() throws Exception {
        Path recipe = recipe("echo $$ > recipe.pid\nsleep 300 &\necho $! > child.pid\nsleep 300");
        RecipeOutcome[] outcome = new RecipeOutcome[1];
        boolean[] stillInterrupted = new boolean[1];
        Thread running = new Thread(() -> {
            outcome[0] = run(recipe, baseEnvironment(), Duration.ofSeconds(60));
            stillInterrupted[0] = Thread.currentThread().isInterrupted();
        });
        running.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(dir.resolve("child.pid"))
                && !Files.readString(dir.resolve("child.pid")).isBlank());
        long recipePid = pidFrom("recipe.pid");
        long childPid = pidFrom("child.pid");

        running.interrupt();
        running.join(10_000);

        assertThat(running.isAlive()).isFalse();
        assertThat(outcome[0]).isEqualTo(new RecipeOutcome(RecipeResult.UNKNOWN, OptionalInt.empty()));
        assertThat(stillInterrupted[0]).as("the interrupt flag is kept").isTrue();
        assertThat(output.text()).endsWith("[berth] interrupted: berth is stopping\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> gone(recipePid) && gone(childPid));
    }
}
