package org.berth.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.berth.applog.AppLog;
import org.berth.applog.LogRotation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisedProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private ProcessRegistry registry;
    private Supervisor supervisor;
    private AppLog log;
    private final Recorder recorder = new Recorder();

    /** Every state change, in the order the listener heard them. */
    static final class Recorder implements ProcessStateListener {
        private final List<ProcessStateChange> changes = new ArrayList<>();

        @Override
        public synchronized void changed(ProcessStateChange change) {
            changes.add(change);
        }

        synchronized List<ProcessStateChange> all() {
            return List.copyOf(changes);
        }

        List<ProcessStateChange> to(ProcessState state) {
            return all().stream().filter(change -> change.to() == state).toList();
        }

        List<ProcessState> states() {
            return all().stream().map(ProcessStateChange::to).toList();
        }

        /** The delay announced by each wait before a restart. */
        List<Duration> restartDelays() {
            return all().stream().filter(change -> change.to().isWaiting())
                    .map(change -> Duration.between(change.snapshot().since(), change.snapshot().nextRestartAt().orElseThrow()))
                    .toList();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        registry = new ProcessRegistry(dir.resolve("run"));
        supervisor = new Supervisor(registry);
        log = AppLog.open(dir.resolve("log"), "shop", LogRotation.DEFAULT);
    }

    @AfterEach
    void tearDown() {
        supervisor.close();
        log.close();
    }

    private ProcessSpec spec(String script, Duration stopTimeout) {
        return new ProcessSpec("web", List.of("/bin/sh", "-c", script), dir,
                Map.of("PATH", AppEnvironment.DEFAULT_PATH, "GREETING", "hi"), stopTimeout);
    }

    private SupervisedProcess start(String script, RestartPolicy policy) {
        return supervisor.start(spec(script, Duration.ofSeconds(2)), policy, log, recorder);
    }

    private static RestartPolicy.Backoff backoff(long initialMillis, double factor, long stableMillis) {
        return new RestartPolicy.Backoff(Duration.ofMillis(initialMillis), Duration.ofSeconds(30), factor,
                Duration.ofMillis(stableMillis));
    }

    private long readPid(String name) {
        Path file = dir.resolve(name);
        await().atMost(WAIT).until(() -> Files.exists(file) && Files.readString(file).endsWith("\n"));
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> logLines() throws IOException {
        return Files.readAllLines(log.file());
    }

    @Test
    void aProcessThatKeepsCrashingIsRestartedWithGrowingDelaysAndIsCrashLooping() throws IOException {
        SupervisedProcess process = start("exit 1", backoff(150, 3, 10_000));

        await().atMost(WAIT).until(() -> recorder.to(ProcessState.STARTING).size() >= 4);
        assertThat(recorder.to(ProcessState.CRASH_LOOPING)).isNotEmpty();
        List<Instant> starts = recorder.to(ProcessState.STARTING).stream().map(c -> c.snapshot().since()).toList();
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < 4; i++) {
            gaps.add(Duration.between(starts.get(i - 1), starts.get(i)));
        }
        assertThat(gaps.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(gaps.get(1)).isGreaterThan(gaps.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
        assertThat(gaps.get(2)).isGreaterThan(gaps.get(1)).isGreaterThanOrEqualTo(Duration.ofMillis(1350));
        assertThat(recorder.restartDelays()).startsWith(Duration.ofMillis(150), Duration.ofMillis(450), Duration.ofMillis(1350));

        // Two quick exits are bad luck; the third in a row is a crash loop.
        List<ProcessState> waits = recorder.states().stream().filter(ProcessState::isWaiting).toList();
        assertThat(waits).startsWith(ProcessState.BACKING_OFF, ProcessState.BACKING_OFF, ProcessState.CRASH_LOOPING);
        await().atMost(WAIT).until(() -> process.state() == ProcessState.CRASH_LOOPING);
        ProcessSnapshot snapshot = process.snapshot();
        assertThat(snapshot.crashLooping()).isTrue();
        assertThat(snapshot.lastExit()).hasValue(1);
        assertThat(snapshot.restarts()).isGreaterThanOrEqualTo(3);
        assertThat(snapshot.nextRestartAt()).isPresent();
        assertThat(snapshot.pid()).isEmpty();
        assertThat(logLines()).anyMatch(line -> line.matches(".* \\[berth\\] web: pid \\d+ exited with status 1 after \\d+ ms; restart in 150 ms"));
    }

    @Test
    void aStableRunEndsTheCrashLoopAndResetsTheBackoff() {
        // Runs 0-2 crash at once, run 3 stays up past stableAfter, later ones crash again.
        String script = "n=$(cat runs 2>/dev/null || echo 0); echo $((n + 1)) > runs; "
                + "if [ $n -eq 3 ]; then sleep 1.2; fi; exit 1";
        SupervisedProcess process = start(script, backoff(100, 2, 700));

        await().atMost(WAIT).until(() -> recorder.restartDelays().size() >= 5);
        process.stop();
        assertThat(recorder.restartDelays()).startsWith(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(400), Duration.ofMillis(100), Duration.ofMillis(200));
        List<ProcessStateChange> recovered = recorder.all().stream()
                .filter(change -> change.from() == ProcessState.RUNNING && change.to() == ProcessState.RUNNING).toList();
        assertThat(recovered).singleElement().satisfies(change -> {
            assertThat(change.snapshot().crashLooping()).isFalse();
            assertThat(change.reason()).contains("no longer crash-looping");
        });
        assertThat(recorder.to(ProcessState.CRASH_LOOPING)).hasSize(1);
    }

    @Test
    void aLimitedPolicyGivesUpAfterItsRestarts() {
        SupervisedProcess process = start("exit 3", RestartPolicy.Limited.times(2, Duration.ofMillis(100)));

        await().atMost(WAIT).until(() -> process.state() == ProcessState.FAILED);
        ProcessSnapshot snapshot = process.snapshot();
        assertThat(snapshot.restarts()).isEqualTo(2);
        assertThat(snapshot.lastExit()).hasValue(3);
        assertThat(snapshot.pid()).isEmpty();
        assertThat(snapshot.nextRestartAt()).isEmpty();
        assertThat(recorder.to(ProcessState.STARTING)).hasSize(3);
        assertThat(recorder.restartDelays()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(100));
        assertThat(recorder.to(ProcessState.FAILED)).singleElement()
                .satisfies(change -> assertThat(change.reason()).contains("status 3", "the policy allows 2 restarts"));
        sleep(300);
        assertThat(recorder.to(ProcessState.STARTING)).hasSize(3);

        process.stop();
        assertThat(process.state()).isEqualTo(ProcessState.STOPPED);
        assertThat(supervisor.processes()).isEmpty();
    }

    @Test
    void aBackgroundTaskThatCompletesIsFinishedNotFailed() {
        SupervisedProcess process = start("exit 0", RestartPolicy.Limited.times(0, Duration.ofSeconds(5)));
        await().atMost(WAIT).until(() -> process.state() == ProcessState.FINISHED);
        assertThat(process.snapshot().lastExit()).hasValue(0);
        assertThat(process.state().isFinal()).isTrue();
    }

    @Test
    void stopTakesDownTheWholeGroupEvenAChildThatIgnoresTerm() {
        String script = "sh -c 'trap \"\" TERM; sleep 1000 & echo $! > grandchild.pid; wait' & echo $! > child.pid; wait";
        SupervisedProcess process = supervisor.start(spec(script, Duration.ofMillis(500)),
                RestartPolicy.Backoff.DEFAULT, log, recorder);
        long child = readPid("child.pid");
        long grandchild = readPid("grandchild.pid");
        long leader = process.snapshot().pid().orElseThrow();
        assertThat(registry.recorded()).extracting(ProcessRegistry.RecordedGroup::groupId).containsExactly(leader);

        long before = System.nanoTime();
        process.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - before);

        assertThat(ProcessGroup.hasMembers(leader)).isFalse();
        assertThat(ProcessGroupTest.gone(leader)).isTrue();
        assertThat(ProcessGroupTest.gone(child)).isTrue();
        assertThat(ProcessGroupTest.gone(grandchild)).isTrue();
        assertThat(took).as("TERM was ignored, so KILL came after the stop timeout").isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(process.state()).isEqualTo(ProcessState.STOPPED);
        // Changes reach listeners on the process's own thread, possibly just after stop() returned.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> recorder.states().contains(ProcessState.STOPPED));
        assertThat(recorder.states()).containsExactly(ProcessState.STARTING, ProcessState.RUNNING,
                ProcessState.STOPPING, ProcessState.STOPPED);
        assertThat(registry.recorded()).isEmpty();
        assertThat(process.snapshot().pid()).isEmpty();
    }

    @Test
    void stopDuringBackoffCancelsTheRestart() {
        SupervisedProcess process = start("exit 1", backoff(700, 2, 10_000));
        await().atMost(WAIT).until(() -> process.state() == ProcessState.BACKING_OFF);

        long before = System.nanoTime();
        process.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(500));
        assertThat(process.state()).isEqualTo(ProcessState.STOPPED);
        assertThat(process.snapshot().nextRestartAt()).isEmpty();
        sleep(1000);
        assertThat(recorder.to(ProcessState.STARTING)).hasSize(1);
        assertThat(recorder.states()).endsWith(ProcessState.BACKING_OFF, ProcessState.STOPPED);
    }

    @Test
    void stopIsIdempotentAndConcurrentCallersAllWaitForTheEnd() throws InterruptedException {
        SupervisedProcess process = supervisor.start(spec("trap '' TERM; sleep 1000", Duration.ofMillis(400)),
                RestartPolicy.Backoff.DEFAULT, log, recorder);
        await().atMost(WAIT).until(() -> process.state() == ProcessState.RUNNING);
        List<ProcessState> seenOnReturn = new ArrayList<>();
        List<Thread> stoppers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            stoppers.add(Thread.ofVirtual().start(() -> {
                process.stop();
                synchronized (seenOnReturn) {
                    seenOnReturn.add(process.state());
                }
            }));
        }
        for (Thread stopper : stoppers) {
            stopper.join();
        }
        assertThat(seenOnReturn).containsOnly(ProcessState.STOPPED).hasSize(3);
        process.stop();
        assertThat(recorder.to(ProcessState.STOPPED)).hasSize(1);
        assertThat(recorder.to(ProcessState.STOPPING)).hasSize(1);
    }

    @Test
    void outputLandsInTheAppLogStampedAndLabelledAndTheEnvironmentIsExactlyTheSpecs() throws IOException {
        String script = "echo hello; echo oops >&2; echo \"GREETING=$GREETING HOME=${HOME-unset}\"; pwd; "
                + "if read line; then echo \"stdin: $line\"; else echo 'stdin is empty'; fi; printf 'no newline'";
        SupervisedProcess process = start(script, RestartPolicy.Limited.times(0, Duration.ZERO));
        await().atMost(WAIT).until(() -> !recorder.to(ProcessState.RUNNING).isEmpty());
        long pid = recorder.all().stream().filter(c -> c.to() == ProcessState.RUNNING)
                .findFirst().orElseThrow().snapshot().pid().orElseThrow();
        await().atMost(WAIT).until(() -> process.state() == ProcessState.FINISHED);

        String prefix = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z \\[web:" + pid + "\\] ";
        List<String> lines = logLines();
        List<String> fromProcess = lines.stream().filter(line -> line.contains("[web:")).toList();
        assertThat(fromProcess).hasSize(6).allMatch(line -> line.matches(prefix + ".*"));
        assertThat(fromProcess.stream().map(line -> line.replaceFirst(prefix, ""))).containsExactly(
                "hello", "oops", "GREETING=hi HOME=unset", dir.toRealPath().toString(), "stdin is empty", "no newline");
        assertThat(lines).last().asString().matches(".* \\[berth\\] web: pid " + pid + " exited with status 0 .*");
    }

    @Test
    void aLeaderThatExitsTakesTheChildrenItLeftBehindWithIt() {
        SupervisedProcess process = start("sleep 1000 & echo $! > child.pid; exit 1",
                RestartPolicy.Limited.times(0, Duration.ZERO));
        long child = readPid("child.pid");
        await().atMost(WAIT).until(() -> process.state() == ProcessState.FAILED);
        assertThat(ProcessGroupTest.gone(child)).isTrue();
        assertThat(registry.recorded()).isEmpty();
    }

    @Test
    void aProcessThatCannotStartIsTreatedAsACrash() throws IOException {
        ProcessSpec spec = new ProcessSpec("web", List.of("/bin/true"), dir.resolve("missing"), Map.of());
        SupervisedProcess process = supervisor.start(spec, RestartPolicy.Limited.times(1, Duration.ofMillis(50)), log, recorder);
        await().atMost(WAIT).until(() -> process.state() == ProcessState.FAILED);
        assertThat(process.snapshot().restarts()).isEqualTo(1);
        assertThat(process.snapshot().lastExit()).isEmpty();
        assertThat(recorder.to(ProcessState.FAILED)).singleElement().satisfies(change -> assertThat(change.reason())
                .startsWith("cannot start: the working directory " + dir.resolve("missing") + " does not exist"));
        assertThat(logLines()).anyMatch(line -> line.contains("[berth] web: cannot start: the working directory"));
    }

    @Test
    void aCommandThatDoesNotExistSaysSoInTheLogAndCountsAsACrash() throws IOException {
        ProcessSpec spec = new ProcessSpec("web", List.of("no-such-program-here"), dir,
                Map.of("PATH", AppEnvironment.DEFAULT_PATH));
        SupervisedProcess process = supervisor.start(spec, RestartPolicy.Limited.times(0, Duration.ZERO), log, recorder);
        await().atMost(WAIT).until(() -> process.state() == ProcessState.FAILED);
        assertThat(process.snapshot().lastExit()).isPresent().isNotEqualTo(java.util.OptionalInt.of(0));
        assertThat(logLines()).anyMatch(line -> line.contains("no-such-program-here") && line.contains("[web:"));
    }

    @Test
    void aListenerMayStopTheProcessItIsToldAbout() {
        AtomicReference<SupervisedProcess> self = new AtomicReference<>();
        ProcessStateListener stopOnFirstExit = change -> {
            recorder.changed(change);
            if (change.to() == ProcessState.BACKING_OFF) {
                await().atMost(WAIT).until(() -> self.get() != null);
                self.get().stop();
            }
        };
        self.set(supervisor.start(spec("exit 1", Duration.ofSeconds(1)), backoff(300, 2, 10_000), log, stopOnFirstExit));
        await().atMost(WAIT).until(() -> recorder.states().contains(ProcessState.STOPPED));
        assertThat(recorder.states()).containsExactly(ProcessState.STARTING, ProcessState.RUNNING,
                ProcessState.BACKING_OFF, ProcessState.STOPPED);
    }

    @Test
    void closingTheSupervisorStopsEveryProcessAndRefusesNewOnes() {
        SupervisedProcess one = start("sleep 1000", RestartPolicy.Backoff.DEFAULT);
        SupervisedProcess two = start("sleep 1000", RestartPolicy.Backoff.DEFAULT);
        long first = one.snapshot().pid().orElseThrow();
        long second = two.snapshot().pid().orElseThrow();
        assertThat(supervisor.processes()).containsExactlyInAnyOrder(one, two);

        supervisor.close();

        assertThat(one.state()).isEqualTo(ProcessState.STOPPED);
        assertThat(two.state()).isEqualTo(ProcessState.STOPPED);
        assertThat(ProcessGroup.hasMembers(first)).isFalse();
        assertThat(ProcessGroup.hasMembers(second)).isFalse();
        assertThat(supervisor.processes()).isEmpty();
        assertThat(registry.recorded()).isEmpty();
        assertThatThrownBy(() -> start("true", RestartPolicy.Backoff.DEFAULT)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void specsAreChecked() {
        assertThatThrownBy(() -> new ProcessSpec("we b", List.of("x"), dir, Map.of())).hasMessageContaining("label");
        assertThatThrownBy(() -> new ProcessSpec("web", List.of(), dir, Map.of())).hasMessageContaining("command");
        assertThatThrownBy(() -> new ProcessSpec("web", List.of("x"), dir, Map.of(), Duration.ofSeconds(-1)))
                .hasMessageContaining("stop timeout");
        assertThat(new ProcessSpec("web", List.of("x"), dir, Map.of()).stopTimeout())
                .isEqualTo(ProcessSpec.DEFAULT_STOP_TIMEOUT);
    }

    @Test
    void durationsReadLikeAPersonWouldWriteThem() {
        assertThat(SupervisedProcess.human(Duration.ofMillis(12))).isEqualTo("12 ms");
        assertThat(SupervisedProcess.human(Duration.ofSeconds(4))).isEqualTo("4 s");
        assertThat(SupervisedProcess.human(Duration.ofMillis(1500))).isEqualTo("1.5 s");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
