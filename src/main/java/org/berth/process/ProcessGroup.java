package org.berth.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process started as the leader of its own process group, so that it and every child it
 * forks — even grandchildren of a shell script that ignore TERM — can be signalled and
 * stopped together. Java cannot create a group itself, so the command starts under a one-line
 * perl (Debian's {@code perl-base} is essential, always installed) that calls setpgid(2) and
 * then execs in place: same pid, which is also the group id.
 *
 * <p>A group, not a session: util-linux {@code setsid} was used before, and a new session also
 * puts the process in a scheduling autogroup of its own (Linux, {@code kernel.sched_autogroup_enabled}).
 * An app in another autogroup than the proxy in front of it cost about 10% of the proxy's
 * requests/s on a busy 2-core machine (bench/proxy, docs/benchmarks.md); the gap was gone with
 * autogroups off. stdin is /dev/null, so the process never reads a terminal it could be stopped for.
 */
public final class ProcessGroup {
    /** The command prefix: becomes a group leader, then execs its arguments (the first is looked up on PATH). */
    static final List<String> NEW_GROUP = List.of("/usr/bin/perl", "-e",
            "setpgrp(0, 0) or die \"berth: setpgid: $!\\n\"; exec { $ARGV[0] } @ARGV or die \"berth: cannot run $ARGV[0]: $!\\n\"",
            "--");

    private final Process process;

    private ProcessGroup(Process process) {
        this.process = process;
    }

    /** Starts the builder's command in a new process group. */
    public static ProcessGroup start(ProcessBuilder builder) throws IOException {
        List<String> command = builder.command();
        List<String> grouped = new ArrayList<>(NEW_GROUP);
        grouped.addAll(command);
        builder.command(grouped);
        try {
            return new ProcessGroup(builder.start());
        } finally {
            builder.command(command);
        }
    }

    public Process process() {
        return process;
    }

    /** The group id, equal to the leader's pid. */
    public long id() {
        return process.pid();
    }

    /** True while any process of the group, leader or descendant, is still running. */
    public boolean isAlive() {
        return process.isAlive() || hasMembers(id());
    }

    /**
     * Stops the whole group: TERM, then KILL for whatever is left after {@code grace}.
     * Returns once no member is left (or after a bounded wait if the kernel is slow to reap).
     */
    public void stop(Duration grace) {
        stopGroup(id(), grace);
        try {
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops any process group by id — also used on start-up for groups a previous berth left behind. */
    public static void stopGroup(long groupId, Duration grace) {
        signal(groupId, "TERM");
        if (!waitUntilGone(groupId, grace)) {
            signal(groupId, "KILL");
            waitUntilGone(groupId, Duration.ofSeconds(5));
        }
    }

    /** Sends a signal to every process of the group; a group already gone is not an error. */
    public static void signal(long groupId, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, "--", "-" + groupId)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill to signal process group " + groupId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean waitUntilGone(long groupId, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (hasMembers(groupId)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a live (non-zombie) process with this group id exists. Read from /proc rather
     * than {@code kill -0}, which also counts zombies an init that does not reap leaves behind.
     */
    public static boolean hasMembers(long groupId) {
        return !members(groupId).isEmpty();
    }

    /** Pids of the live processes in a group. */
    public static List<Long> members(long groupId) {
        List<Long> pids = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                ProcStat stat = ProcStat.read(entry.resolve("stat"));
                if (stat != null && stat.processGroup() == groupId && stat.state() != 'Z' && stat.state() != 'X') {
                    pids.add(stat.pid());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return pids;
    }
}
