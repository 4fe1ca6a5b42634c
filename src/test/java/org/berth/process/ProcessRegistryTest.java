package org.berth.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.berth.applog.AppLog;
import org.berth.applog.LogRotation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRegistryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final List<ProcessGroup> started = new ArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        for (ProcessGroup group : started) {
            ProcessGroup.signal(group.id(), "KILL");
        }
    }

    private Path stateDir() {
        return dir.resolve("run");
    }

    private ProcessGroup startGroup(String script) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        ProcessGroup group = ProcessGroup.start(builder);
        started.add(group);
        return group;
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

    private static String bootId() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
    }

    private void writeRecord(String boot, long groupId, long startTime) throws IOException {
        Files.createDirectories(stateDir());
        Files.writeString(stateDir().resolve(ProcessRegistry.FILE_NAME),
                "boot " + boot + "\n" + groupId + " " + startTime + " shop/web\n");
    }

    private static long startTime(long pid) {
        return ProcStat.startTime(pid).orElseThrow();
    }

    @Test
    void groupsAreRecordedWithTheirLeadersStartTimeAndTheFileIsReplacedWhole() throws IOException {
        ProcessGroup group = startGroup("sleep 30");
        ProcessRegistry registry = new ProcessRegistry(stateDir());
        registry.register(group.id(), "shop/web");

        List<String> lines = Files.readAllLines(registry.file());
        assertThat(lines).contains("boot " + bootId(), group.id() + " " + startTime(group.id()) + " shop/web");
        assertThat(registry.recorded()).containsExactly(
                new ProcessRegistry.RecordedGroup(group.id(), startTime(group.id()), "shop/web"));
        try (var files = Files.list(stateDir())) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly(ProcessRegistry.FILE_NAME);
        }

        registry.unregister(group.id());
        assertThat(Files.readAllLines(registry.file())).noneMatch(line -> line.startsWith(group.id() + " "));
        assertThat(registry.recorded()).isEmpty();
    }

    @Test
    void startTimeIsFieldTwentyTwoOfProcStat() throws IOException {
        long self = ProcessHandle.current().pid();
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertThat(ProcStat.startTime(self)).hasValue(Long.parseLong(afterName[22 - 3]));
        assertThat(ProcStat.startTime(Integer.MAX_VALUE)).isEmpty();
    }

    @Test
    void groupsOfABerthThatWasKilledAreStoppedByTheNextOne() throws IOException {
        // The "crashed" berth: its supervisor is dropped without stopping anything.
        ProcessRegistry crashedRegistry = new ProcessRegistry(stateDir());
        Supervisor crashed = new Supervisor(crashedRegistry);
        AppLog log = AppLog.open(dir.resolve("log"), "shop", LogRotation.DEFAULT);
        toClose.add(log);
        ProcessSpec spec = new ProcessSpec("web", List.of("/bin/sh", "-c", "sleep 1000 & echo $! > child.pid; wait"),
                dir, Map.of("PATH", AppEnvironment.DEFAULT_PATH));
        SupervisedProcess process = crashed.start(spec, RestartPolicy.Limited.times(0, Duration.ZERO), log,
                ProcessStateListener.NONE);
        long leader = process.snapshot().pid().orElseThrow();
        long child = readPid("child.pid");

        ProcessRegistry next = new ProcessRegistry(stateDir());
        assertThat(next.inherited()).extracting(ProcessRegistry.RecordedGroup::groupId).containsExactly(leader);
        List<ProcessRegistry.RecordedGroup> stopped = next.cleanUpLeftovers(Duration.ofSeconds(2));

        assertThat(stopped).extracting(ProcessRegistry.RecordedGroup::groupId).containsExactly(leader);
        assertThat(ProcessGroup.hasMembers(leader)).isFalse();
        await().atMost(WAIT).until(() -> ProcessGroupTest.gone(leader) && ProcessGroupTest.gone(child));
        assertThat(next.inherited()).isEmpty();
        assertThat(Files.readAllLines(next.file())).noneMatch(line -> line.startsWith(leader + " "));
    }

    @Test
    void membersOfARecordedGroupWhoseLeaderIsGoneAreStoppedToo() throws IOException {
        ProcessGroup group = startGroup("sleep 1000 & echo $! > child.pid; while [ ! -e go ]; do sleep 0.05; done");
        long child = readPid("child.pid");
        new ProcessRegistry(stateDir()).register(group.id(), "shop/worker");
        Files.writeString(dir.resolve("go"), "");
        await().atMost(WAIT).until(() -> !group.process().isAlive());
        assertThat(ProcessGroup.members(group.id())).containsExactly(child);

        List<ProcessRegistry.RecordedGroup> stopped = new ProcessRegistry(stateDir()).cleanUpLeftovers(Duration.ofSeconds(2));

        assertThat(stopped).extracting(ProcessRegistry.RecordedGroup::groupId).containsExactly(group.id());
        await().atMost(WAIT).until(() -> ProcessGroupTest.gone(child));
    }

    @Test
    void aRecordedPidNowUsedByAnotherProcessIsLeftAlone() throws IOException {
        ProcessGroup stranger = startGroup("sleep 30");
        long pid = stranger.id();
        await().atMost(WAIT).until(() -> ProcStat.startTime(pid).isPresent());
        // Same pid (and group), another start time: the recorded process is long gone.
        writeRecord(bootId(), pid, startTime(pid) - 1);

        List<ProcessRegistry.RecordedGroup> stopped = new ProcessRegistry(stateDir()).cleanUpLeftovers(Duration.ofMillis(500));

        assertThat(stopped).isEmpty();
        assertThat(stranger.process().isAlive()).isTrue();
        assertThat(ProcessGroup.hasMembers(pid)).isTrue();
        assertThat(Files.readAllLines(stateDir().resolve(ProcessRegistry.FILE_NAME)))
                .noneMatch(line -> line.startsWith(pid + " "));
    }

    @Test
    void recordsFromBeforeARebootAreDiscarded() throws IOException {
        ProcessGroup group = startGroup("sleep 30");
        await().atMost(WAIT).until(() -> ProcStat.startTime(group.id()).isPresent());
        writeRecord("00000000-0000-0000-0000-000000000000", group.id(), startTime(group.id()));

        ProcessRegistry registry = new ProcessRegistry(stateDir());
        assertThat(registry.inherited()).isEmpty();
        assertThat(registry.cleanUpLeftovers(Duration.ofMillis(500))).isEmpty();
        assertThat(group.process().isAlive()).isTrue();
    }

    @Test
    void registeringBeforeCleanUpKeepsThePreviousRunsRecords() throws IOException {
        ProcessGroup old = startGroup("sleep 30");
        await().atMost(WAIT).until(() -> ProcStat.startTime(old.id()).isPresent());
        writeRecord(bootId(), old.id(), startTime(old.id()));
        ProcessGroup fresh = startGroup("sleep 30");

        ProcessRegistry registry = new ProcessRegistry(stateDir());
        registry.register(fresh.id(), "shop/web");
        ProcessRegistry afterAnotherCrash = new ProcessRegistry(stateDir());
        assertThat(afterAnotherCrash.inherited()).extracting(ProcessRegistry.RecordedGroup::groupId)
                .containsExactly(old.id(), fresh.id());

        assertThat(registry.cleanUpLeftovers(Duration.ofSeconds(2)))
                .extracting(ProcessRegistry.RecordedGroup::groupId).containsExactly(old.id());
        await().atMost(WAIT).until(() -> !old.process().isAlive());
        assertThat(fresh.process().isAlive()).isTrue();
        assertThat(new ProcessRegistry(stateDir()).inherited()).extracting(ProcessRegistry.RecordedGroup::groupId)
                .containsExactly(fresh.id());
    }

    @Test
    void aMissingOrDamagedFileIsNoReasonToFail() throws IOException {
        assertThat(new ProcessRegistry(stateDir()).cleanUpLeftovers()).isEmpty();
        Files.createDirectories(stateDir());
        Files.writeString(stateDir().resolve(ProcessRegistry.FILE_NAME), "boot " + bootId() + "\nnonsense\n12x 3 a\n\n");
        ProcessRegistry registry = new ProcessRegistry(stateDir());
        assertThat(registry.inherited()).isEmpty();
        assertThat(registry.cleanUpLeftovers()).isEmpty();
    }

    @Test
    void aGroupGoneBeforeItIsRecordedLeavesNoRecord() {
        ProcessRegistry registry = new ProcessRegistry(stateDir());
        registry.register(Integer.MAX_VALUE, "shop/web");
        assertThat(registry.recorded()).isEmpty();
    }
}
