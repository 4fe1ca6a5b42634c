package org.berth.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.berth.applog.LogRotation;
import org.berth.applog.RotatingLogFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the access log, {@code <root>/log/access.log}, on its own thread: {@link #log} only
 * puts the entry in a bounded queue, so a request never waits for the disk. When the queue is
 * full (the disk cannot keep up) the entry is dropped and counted ({@link #dropped}) — losing
 * log lines beats slowing every request. Lines are formatted on the writer thread; the file is
 * flushed whenever the queue runs empty, so a quiet log is current on disk.
 */
public final class AccessLogWriter implements AutoCloseable {
    public static final int DEFAULT_CAPACITY = 16_384;
    private static final Logger LOG = LoggerFactory.getLogger(AccessLogWriter.class);
    private static final int BATCH = 512;
    /** Put after the last entry by {@link #close}; compared by identity. */
    private static final AccessLogEntry END = new AccessLogEntry(InetAddress.getLoopbackAddress(),
            Instant.EPOCH, "", "", "", 0, 0, Optional.empty(), Optional.empty(), Optional.empty(), 0, Optional.empty());

    private final RotatingLogFile file;
    private final AccessLogFormat format;
    private final BlockingQueue<AccessLogEntry> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;
    /** Set after a failed write, so that a full disk is reported once, not once per line. */
    private boolean failing;

    /**
     * @param threads makes the writer thread (tests hold it back to fill the queue)
     */
    AccessLogWriter(Path file, AccessLogFormat format, LogRotation rotation, int capacity, ThreadFactory threads)
            throws IOException {
        this.file = RotatingLogFile.buffered(file, rotation, 64 * 1024);
        this.format = format;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = threads.newThread(this::run);
        writer.start();
    }

    /** Opens (creating or appending to) {@code <root>/log/access.log}. */
    public static AccessLogWriter open(Path root, AccessLogFormat format, LogRotation rotation) throws IOException {
        return new AccessLogWriter(root.resolve("log").resolve("access.log"), format, rotation, DEFAULT_CAPACITY,
                Thread.ofPlatform().name("berth-access-log").daemon().factory());
    }

    /** Queues one line; never blocks. False when it was dropped (queue full, or closed). */
    public boolean log(AccessLogEntry entry) {
        if (closed || !queue.offer(entry)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Lines dropped so far: queue full, closed, or a failed write. */
    public long dropped() {
        return dropped.get();
    }

    /** Lines written so far. */
    public long written() {
        return written.get();
    }

    public Path file() {
        return file.file();
    }

    /** Writes what is queued, then closes the file. Lines logged afterwards are dropped. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // Waits only until the writer makes room, which it does as long as it runs.
            while (writer.isAlive() && !queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
                Thread.onSpinWait();
            }
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        file.close();
    }

    private void run() {
        List<AccessLogEntry> batch = new ArrayList<>(BATCH);
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, BATCH - 1);
                for (AccessLogEntry entry : batch) {
                    if (entry == END) {
                        flush();
                        return;
                    }
                    write(entry);
                }
                batch.clear();
                if (queue.isEmpty()) {
                    flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(AccessLogEntry entry) {
        try {
            file.append((format.format(entry) + "\n").getBytes(StandardCharsets.UTF_8));
            written.incrementAndGet();
            failing = false;
        } catch (IOException | RuntimeException e) {
            dropped.incrementAndGet();
            if (!failing) {
                failing = true;
                LOG.warn("cannot write the access log {}: {}; dropping lines until it works again", file.file(),
                        e.toString());
            }
        }
    }

    private void flush() {
        try {
            file.flush();
        } catch (IOException e) {
            if (!failing) {
                failing = true;
                LOG.warn("cannot write the access log {}: {}", file.file(), e.toString());
            }
        }
    }
}
