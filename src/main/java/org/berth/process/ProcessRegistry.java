package org.berth.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process groups berth has started, in a small file ({@code <stateDir>/process-groups}),
 * so that a berth that was killed — no shutdown hook ran — can stop what it left behind when
 * it starts again ({@link #cleanUpLeftovers}).
 *
 * <p>Each group is recorded with its leader's start time: a pid is recycled eventually, and a
 * pid plus start time never is. The file also names the boot it belongs to, since start times
 * count from boot and every process died with the previous one. The file is replaced
 * atomically (temporary file, fsync, rename), so a crash mid-write leaves the old or the new
 * list, never half of one. Entries of a previous run are kept in the file until cleaned up,
 * so registering a new group first does not forget them.
 */
public final class ProcessRegistry {
    public static final String FILE_NAME = "process-groups";
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRegistry.class);
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private final Path file;
    private final String bootId;
    private final Map<Long, RecordedGroup> current = new LinkedHashMap<>();
    private final List<RecordedGroup> inherited;

    /** One group berth started: its id (= the leader's pid), the leader's start time in ticks after boot, and its label. */
    public record RecordedGroup(long groupId, long leaderStartTime, String label) {
    }

    public ProcessRegistry(Path stateDir) {
        this.file = stateDir.resolve(FILE_NAME);
        this.bootId = readBootId();
        this.inherited = readPreviousRun();
    }

    public Path file() {
        return file;
    }

    /** Records a group just started. A leader that is already gone (and reaped) needs no record. */
    public synchronized void register(long groupId, String label) {
        OptionalLong startTime = ProcStat.startTime(groupId);
        if (startTime.isEmpty()) {
            LOG.debug("process group {} ({}) is gone before it could be recorded", groupId, label);
            return;
        }
        current.put(groupId, new RecordedGroup(groupId, startTime.getAsLong(), label.replaceAll("\\s", "_")));
        save();
    }

    /** Forgets a group once none of its processes is left. */
    public synchronized void unregister(long groupId) {
        if (current.remove(groupId) != null) {
            save();
        }
    }

    /** The groups of this run still recorded. */
    public synchronized List<RecordedGroup> recorded() {
        return List.copyOf(current.values());
    }

    /** The groups a previous run left in the file and {@link #cleanUpLeftovers} has not handled yet. */
    public synchronized List<RecordedGroup> inherited() {
        return List.copyOf(inherited);
    }

    public List<RecordedGroup> cleanUpLeftovers() {
        return cleanUpLeftovers(DEFAULT_GRACE);
    }

    /**
     * Stops every group a previous berth recorded that is still there: TERM to all of them at
     * once, KILL to what is left after {@code grace}. A group counts as still there when its
     * leader runs with the recorded start time, or when the leader is gone but processes with
     * that group id remain (while any of them lives, the kernel cannot hand the id to anyone
     * else). A pid now used by a different process is left alone. Returns the groups stopped.
     */
    public synchronized List<RecordedGroup> cleanUpLeftovers(Duration grace) {
        List<RecordedGroup> leftovers = new ArrayList<>();
        for (RecordedGroup group : inherited) {
            if (stillOurs(group)) {
                leftovers.add(group);
            }
        }
        for (RecordedGroup group : leftovers) {
            LOG.warn("stopping process group {} ({}) left behind by a previous berth: pids {}",
                    group.groupId(), group.label(), ProcessGroup.members(group.groupId()));
            ProcessGroup.signal(group.groupId(), "TERM");
        }
        if (!waitUntilAllGone(leftovers, grace)) {
            for (RecordedGroup group : leftovers) {
                if (ProcessGroup.hasMembers(group.groupId())) {
                    LOG.warn("process group {} ({}) ignored TERM for {}: killing it", group.groupId(), group.label(), grace);
                    ProcessGroup.signal(group.groupId(), "KILL");
                }
            }
            waitUntilAllGone(leftovers, Duration.ofSeconds(5));
        }
        inherited.clear();
        save();
        return leftovers;
    }

    private boolean stillOurs(RecordedGroup group) {
        long id = group.groupId();
        if (id <= 1 || id == ownGroup()) {
            return false;
        }
        OptionalLong startTime = ProcStat.startTime(id);
        if (startTime.isPresent() && startTime.getAsLong() != group.leaderStartTime()) {
            LOG.info("pid {} ({}) now belongs to another process: not touching it", id, group.label());
            return false;
        }
        return ProcessGroup.hasMembers(id);
    }

    private static boolean waitUntilAllGone(List<RecordedGroup> groups, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (RecordedGroup group : groups) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!ProcessGroup.waitUntilGone(group.groupId(), left)) {
                return false;
            }
        }
        return true;
    }

    private static long ownGroup() {
        ProcStat self = ProcStat.read(Path.of("/proc/self/stat"));
        return self == null ? -1 : self.processGroup();
    }

    private List<RecordedGroup> readPreviousRun() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new ArrayList<>();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<RecordedGroup> groups = new ArrayList<>();
        String recordedBoot = null;
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.strip().split(" ", 3);
            if (fields[0].equals("boot") && fields.length >= 2) {
                recordedBoot = fields[1];
                continue;
            }
            try {
                groups.add(new RecordedGroup(Long.parseLong(fields[0]), Long.parseLong(fields[1]),
                        fields.length > 2 ? fields[2] : "?"));
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                LOG.warn("{}: ignoring a line that is not \"<group id> <start time> <label>\": {}", file, line);
            }
        }
        if (!groups.isEmpty() && !bootId.isEmpty() && !bootId.equals(recordedBoot)) {
            LOG.info("{}: the recorded process groups date from before a reboot; none of them can be running", file);
            return new ArrayList<>();
        }
        return groups;
    }

    private void save() {
        StringBuilder text = new StringBuilder("# process groups started by berth: group-id leader-start-time label\n");
        text.append("boot ").append(bootId.isEmpty() ? "unknown" : bootId).append('\n');
        for (RecordedGroup group : inherited) {
            append(text, group);
        }
        for (RecordedGroup group : current.values()) {
            append(text, group);
        }
        try {
            writeAtomically(text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void append(StringBuilder text, RecordedGroup group) {
        text.append(group.groupId()).append(' ').append(group.leaderStartTime()).append(' ')
                .append(group.label()).append('\n');
    }

    private void writeAtomically(String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        // A name of its own, so that two writers (say, a berth started twice) never share a half-written file.
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), FILE_NAME + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(StandardCharsets.UTF_8.encode(text));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String readBootId() {
        try {
            return Files.readString(BOOT_ID).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
