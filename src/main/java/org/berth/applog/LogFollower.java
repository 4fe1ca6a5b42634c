package org.berth.applog;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reader following an app's log ({@code berth app logs APP -f}, an API stream). Lines are
 * handed over on the follower's own thread through a bounded queue, so a slow reader can
 * never hold up the writer — and with it the app, whose output pipe would fill. When the
 * queue is full, lines are dropped and the reader is told how many. Close it to stop.
 */
public final class LogFollower implements AutoCloseable {
    static final int QUEUE_LINES = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(LogFollower.class);
    /** Wakes the delivery thread so that it notices {@link #close()}. */
    private static final String STOP = new String("stop");

    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE_LINES);
    private final Consumer<String> reader;
    private final Consumer<LogFollower> onClose;
    private volatile boolean open = true;
    private long dropped;

    LogFollower(String name, List<String> backlog, Consumer<String> reader, Consumer<LogFollower> onClose) {
        this.reader = reader;
        this.onClose = onClose;
        backlog.forEach(this::offer);
        Thread.ofVirtual().name("log-follower-" + name).start(this::deliver);
    }

    /** Queues a line; called by the log with its lock held, so it must never block. */
    synchronized void offer(String line) {
        if (!open) {
            return;
        }
        if (dropped > 0 && queue.offer("[berth] " + dropped + " lines left out: the reader was too slow")) {
            dropped = 0;
        }
        if (dropped > 0 || !queue.offer(line)) {
            dropped++;
        }
    }

    public boolean isOpen() {
        return open;
    }

    /** Stops following; lines already queued are not delivered. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
            queue.clear();
            queue.offer(STOP);
        }
        onClose.accept(this);
    }

    private void deliver() {
        try {
            while (open) {
                String line = queue.take();
                if (line == STOP || !open) {
                    return;
                }
                reader.accept(line);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The reader went away (a closed connection): stop following rather than keep failing.
            LOG.debug("log follower stopped: {}", e.toString());
            close();
        }
    }
}
