package org.berth.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessGroupTest {
    @TempDir
    Path dir;

    private ProcessGroup started;

    @AfterEach
    void cleanUp() {
        if (started != null) {
            ProcessGroup.signal(started.id(), "KILL");
        }
    }

    /** True when the process no longer exists or is a zombie nobody reaped yet. */
    static boolean gone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state == 'Z' || state == 'X';
        } catch (IOException e) {
            return true;
        }
    }

    static long processGroupOf(long pid) throws IOException {
        return statField(pid, 2);
    }

    static long sessionOf(long pid) throws IOException {
        return statField(pid, 3);
    }

    /** A numeric field of /proc/pid/stat, counted from the state (0) after the command name. */
    private static long statField(long pid, int index) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[index]);
    }

    @Test
    void theGroupStaysInBerthsSessionAndSoInItsSchedulingAutogroup() throws IOException {
        ProcessGroup group = start("echo $$ > leader.pid; sleep 30");
        long leader = readPid("leader.pid");
        assertThat(processGroupOf(leader)).isEqualTo(leader).isNotEqualTo(processGroupOf(ProcessHandle.current().pid()));
        assertThat(sessionOf(leader)).isEqualTo(sessionOf(ProcessHandle.current().pid()));
        Path autogroup = Path.of("/proc/" + leader + "/autogroup");
        if (Files.exists(autogroup)) {
            assertThat(Files.readString(autogroup).split(" ")[0])
                    .isEqualTo(Files.readString(Path.of("/proc/self/autogroup")).split(" ")[0]);
        }
        group.stop(Duration.ofSeconds(2));
    }

    @Test
    void aProgramNotFoundEndsTheProcessWithAMessageNamingIt() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("no-such-program-berth", "--flag").directory(dir.toFile())
                .redirectErrorStream(true);
        started = ProcessGroup.start(builder);
        String output = new String(started.process().getInputStream().readAllBytes());
        assertThat(started.process().waitFor()).isNotZero();
        assertThat(output).contains("berth: cannot run no-such-program-berth");
    }

    private ProcessGroup start(String script) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        started = ProcessGroup.start(builder);
        assertThat(builder.command()).containsExactly("/bin/sh", "-c", script);
        return started;
    }

    private long readPid(String name) {
        Path file = dir.resolve(name);
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(file) && !Files.readString(file).isBlank());
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theCommandLeadsItsOwnGroup() throws IOException {
        ProcessGroup group = start("echo $$ > leader.pid; sleep 30");
        long leader = readPid("leader.pid");

        assertThat(leader).isEqualTo(group.process().pid()).isEqualTo(group.id());
        assertThat(processGroupOf(group.id())).isEqualTo(group.id());
        assertThat(processGroupOf(ProcessHandle.current().pid())).isNotEqualTo(group.id());
    }

    @Test
    void membersListsTheLeaderAndItsChildren() throws IOException {
        ProcessGroup group = start("sleep 30 & echo $! > child.pid; sleep 30 & echo $! > child2.pid; wait");
        long child = readPid("child.pid");
        long child2 = readPid("child2.pid");

        List<Long> members = ProcessGroup.members(group.id());
        assertThat(members).contains(group.id(), child, child2);
        assertThat(ProcessGroup.hasMembers(group.id())).isTrue();
        assertThat(group.isAlive()).isTrue();
        assertThat(ProcessGroup.members(ProcessHandle.current().pid())).doesNotContain(group.id());
    }

    @Test
    void stopGroupStopsEveryMember() throws IOException {
        ProcessGroup group = start("sleep 30 & echo $! > child.pid; sleep 30");
        long child = readPid("child.pid");

        long before = System.nanoTime();
        ProcessGroup.stopGroup(group.id(), Duration.ofSeconds(5));
        Duration took = Duration.ofNanos(System.nanoTime() - before);

        assertThat(ProcessGroup.hasMembers(group.id())).isFalse();
        assertThat(ProcessGroup.members(group.id())).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> gone(child) && !group.process().isAlive());
        assertThat(group.isAlive()).isFalse();
        assertThat(took).as("TERM is enough: no need to wait for the grace period").isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void stopKillsMembersThatIgnoreTerm() throws IOException {
        ProcessGroup group = start("trap '' TERM; sleep 30 & echo $! > child.pid; echo ready > ready; sleep 30");
        long child = readPid("child.pid");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(dir.resolve("ready")));

        long before = System.nanoTime();
        group.stop(Duration.ofMillis(500));
        Duration took = Duration.ofNanos(System.nanoTime() - before);

        assertThat(ProcessGroup.hasMembers(group.id())).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> gone(child) && !group.process().isAlive());
        assertThat(took).as("waited for the grace period before KILL").isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(group.process().exitValue()).isEqualTo(128 + 9);
    }

    @Test
    void aGroupThatIsGoneHasNoMembersAndCanBeSignalled() throws Exception {
        ProcessGroup group = start("exit 0");
        group.process().waitFor();
        await().atMost(Duration.ofSeconds(5)).until(() -> !ProcessGroup.hasMembers(group.id()));
        assertThat(group.isAlive()).isFalse();
        ProcessGroup.signal(group.id(), "TERM"); // no exception for a group that is gone
        ProcessGroup.stopGroup(group.id(), Duration.ofMillis(100));
        assertThat(ProcessGroup.members(Integer.MAX_VALUE)).isEmpty();
    }

    @Test
    void aCommandThatCannotStartThrows() {
        ProcessBuilder builder = new ProcessBuilder("/nonexistent/program").directory(dir.resolve("no-such-dir").toFile());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProcessGroup.start(builder))
                .isInstanceOf(IOException.class);
        assertThat(builder.command()).containsExactly("/nonexistent/program");
    }
}
