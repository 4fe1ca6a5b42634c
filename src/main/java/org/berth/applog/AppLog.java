package org.berth.applog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An app's log, {@code <logDir>/app-<name>.log} as in Keter, shared by all of the app's
 * processes. Every output line becomes one log line stamped with the time (UTC, milliseconds)
 * and the label of the process that wrote it:
 *
 * <pre>2026-11-22T10:00:00.123Z [web:1234] Listening on 43124</pre>
 *
 * The file is rotated by size with a total cap ({@link LogRotation}). Lines can be read back
 * ({@link #tail}) and followed as they are written ({@link #follow}). Thread-safe: several
 * processes' output pumps write at once, and each line is written whole.
 */
public final class AppLog implements AutoCloseable {
    /** The label of lines berth itself writes about the app's processes (exits, restarts). */
    public static final String BERTH_LABEL = "berth";
    private static final Logger LOG = LoggerFactory.getLogger(AppLog.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final String appName;
    private final Clock clock;
    private final RotatingLogFile file;
    private final Set<LogFollower> followers = new CopyOnWriteArraySet<>();
    private boolean closed;
    /** Set after a failed write, so that a full disk is reported once and not once per line. */
    private boolean failing;

    private AppLog(String appName, RotatingLogFile file, Clock clock) {
        this.appName = appName;
        this.file = file;
        this.clock = clock;
    }

    /** Opens (creating or appending to) the log of {@code appName} under {@code logDir}. */
    public static AppLog open(Path logDir, String appName, LogRotation rotation) throws IOException {
        return open(logDir, appName, rotation, Clock.systemUTC());
    }

    public static AppLog open(Path logDir, String appName, LogRotation rotation, Clock clock) throws IOException {
        requireFileNameSafe(appName);
        return new AppLog(appName, new RotatingLogFile(logDir.resolve("app-" + appName + ".log"), rotation), clock);
    }

    /** The current log file (rotated ones are beside it as {@code .1}, {@code .2} …). */
    public Path file() {
        return file.file();
    }

    public String appName() {
        return appName;
    }

    /**
     * A stream for one process's output: bytes written to it become lines labelled
     * {@code label}. Close it when the output ends, so that a last line without a newline is
     * written too.
     */
    public OutputStream stream(String label) {
        return new LogLineStream(this, label);
    }

    /** Writes one line, or several if {@code text} holds newlines. */
    public void append(String label, String text) {
        String stamp = STAMP.format(clock.instant());
        for (String line : text.split("\r?\n")) {
            write(stamp + " [" + label + "] " + line);
        }
    }

    /** A line from berth itself about the app, e.g. "web:1234 exited with status 1". */
    public void note(String text) {
        append(BERTH_LABEL, text);
    }

    /** The last {@code lines} lines, oldest first, reaching into rotated files as needed. */
    public synchronized List<String> tail(int lines) {
        if (lines <= 0) {
            return List.of();
        }
        try {
            return TailReader.lastLines(file.filesNewestFirst(), lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.file(), e);
        }
    }

    /** Follows new lines as they are written. The handle stops it. */
    public LogFollower follow(Consumer<String> reader) {
        return follow(0, reader);
    }

    /**
     * The last {@code backlog} lines and then every new one, with no line missed or repeated
     * in between (the tail is read and the follower added under one lock).
     */
    public synchronized LogFollower follow(int backlog, Consumer<String> reader) {
        LogFollower follower = new LogFollower(appName, tail(backlog), reader, followers::remove);
        if (closed) {
            follower.close();
        } else {
            followers.add(follower);
        }
        return follower;
    }

    /** Closes the file and every follower; lines written afterwards are dropped. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                file.close();
            } catch (IOException e) {
                LOG.warn("app {}: cannot close its log {}: {}", appName, file.file(), e.getMessage());
            }
        }
        followers.forEach(LogFollower::close);
    }

    private synchronized void write(String line) {
        if (closed) {
            return;
        }
        try {
            file.append((line + "\n").getBytes(StandardCharsets.UTF_8));
            failing = false;
        } catch (IOException e) {
            // Never let a log failure stop the output pump: the app would block on a full pipe.
            if (!failing) {
                LOG.warn("app {}: cannot write its log {}; dropping lines until it works again: {}",
                        appName, file.file(), e.toString());
                failing = true;
            }
        }
        for (LogFollower follower : followers) {
            follower.offer(line);
        }
    }

    private static void requireFileNameSafe(String appName) {
        if (appName.isEmpty() || appName.equals(".") || appName.equals("..")
                || appName.chars().anyMatch(c -> c == '/' || c == 0 || Character.isISOControl(c))) {
            throw new IllegalArgumentException("not a usable app name for a log file: \"" + appName + "\"");
        }
    }
}
