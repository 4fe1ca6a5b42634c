package org.berth.proxy;

import io.netty.channel.EventLoop;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The idle timeout and the current request's deadline of one client connection, on one lazily
 * re-armed task: requests only move fields, and the task, when it fires, checks them and sets
 * itself for the next moment that matters. So a keep-alive connection doing thousands of requests
 * costs a timer event per idle period, not a schedule and a cancel per request.
 */
final class ExchangeTimer implements Runnable {

    /** What the connection does when time is up. Both run on the connection's event loop. */
    interface Expiry {
        void idleExpired();

        void deadlinePassed();
    }

    private final EventLoop loop;
    private final long idleNanos;
    private final Expiry expiry;
    private long lastActivity;
    private long deadline;
    private boolean idleExempt;
    private ScheduledFuture<?> task;
    private long taskAt;
    private boolean stopped;

    ExchangeTimer(EventLoop loop, long idleNanos, Expiry expiry) {
        this.loop = loop;
        this.idleNanos = idleNanos;
        this.expiry = expiry;
    }

    void start() {
        lastActivity = System.nanoTime();
        arm(lastActivity + idleNanos);
    }

    /** Bytes moved. */
    void activity() {
        lastActivity = System.nanoTime();
    }

    /**
     * The current request must be done by {@code at} ({@link System#nanoTime()}; 0 = no deadline).
     * With {@code idleExempt} the idle timeout does not apply meanwhile: a backend that thinks for
     * minutes before answering is governed by the deadline alone.
     */
    void deadline(long at, boolean idleExempt) {
        deadline = at;
        this.idleExempt = idleExempt && at != 0;
        if (at != 0) {
            arm(at);
        }
    }

    void clearDeadline() {
        deadline = 0;
        idleExempt = false;
    }

    void stop() {
        stopped = true;
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    @Override
    public void run() {
        task = null;
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        if (deadline != 0 && now - deadline >= 0) {
            deadline = 0;
            idleExempt = false;
            expiry.deadlinePassed();
        } else if (!idleExempt && now - (lastActivity + idleNanos) >= 0) {
            expiry.idleExpired();
        }
        if (!stopped) {
            arm(next());
        }
    }

    private long next() {
        long idleAt = idleExempt ? Long.MAX_VALUE : lastActivity + idleNanos;
        return deadline != 0 && deadline - idleAt < 0 ? deadline : idleAt;
    }

    private void arm(long at) {
        if (at == Long.MAX_VALUE || stopped) {
            return;
        }
        if (task != null) {
            if (taskAt - at <= 0) {
                return;
            }
            task.cancel(false);
        }
        taskAt = at;
        task = loop.schedule(this, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
