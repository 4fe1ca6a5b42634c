package org.berth.process;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.berth.applog.AppLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and keeps running the processes of berth's apps (one {@link SupervisedProcess} per
 * {@link ProcessSpec}), records their process groups in a {@link ProcessRegistry}, and stops
 * them all when berth stops. One per daemon.
 *
 * <p>So that no app process outlives berth: call {@link ProcessRegistry#cleanUpLeftovers}
 * before starting anything (for a berth that was killed), and {@link #close()} on the way out
 * ({@link #closeOnShutdown()} arranges that for a TERM or Ctrl-C).
 */
public final class Supervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    private final ProcessRegistry registry;
    private final Clock clock;
    /** Restart delays and stability checks: short tasks on one thread. */
    private final ScheduledThreadPoolExecutor timers;
    /** Exit handling, which may wait for a process group to die. */
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<SupervisedProcess> processes = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public Supervisor(ProcessRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    public Supervisor(ProcessRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.timers = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "process-timers");
            thread.setDaemon(true);
            return thread;
        });
        // A stop cancels a 60 s stability check; do not keep it queued until then.
        timers.setRemoveOnCancelPolicy(true);
    }

    /**
     * Starts {@code spec} and keeps it running per {@code policy}, its output going into
     * {@code log}. Returns once the first start was tried (the process is then RUNNING, or
     * waiting to retry if it could not start). The listener hears every state change,
     * starting with STARTING.
     */
    public SupervisedProcess start(ProcessSpec spec, RestartPolicy policy, AppLog log, ProcessStateListener listener) {
        if (closed) {
            throw new IllegalStateException("the supervisor is closed: berth is shutting down");
        }
        SupervisedProcess process = new SupervisedProcess(spec, policy, log, listener, registry, timers, workers,
                clock, processes::remove);
        processes.add(process);
        process.start();
        return process;
    }

    /** The processes started and not yet stopped. */
    public List<SupervisedProcess> processes() {
        return List.copyOf(processes);
    }

    /** Stops every process at once (each TERM → stop timeout → KILL) and returns when all are gone. */
    public void stopAll() {
        List<SupervisedProcess> running = processes();
        if (running.isEmpty()) {
            return;
        }
        LOG.info("stopping {} supervised processes", running.size());
        try (ExecutorService stoppers = Executors.newVirtualThreadPerTaskExecutor()) {
            running.forEach(process -> stoppers.execute(process::stop));
        }
    }

    /** Refuses new processes, stops all and releases the threads. */
    @Override
    public void close() {
        closed = true;
        stopAll();
        timers.shutdownNow();
        workers.shutdown();
    }

    /** Closes this supervisor when the JVM shuts down (TERM, Ctrl-C, System.exit): apps stop with berth. */
    public void closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "stop-supervised-processes"));
    }
}
