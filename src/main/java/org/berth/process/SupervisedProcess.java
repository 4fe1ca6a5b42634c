package org.berth.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.berth.applog.AppLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link ProcessSpec} kept running by a {@link Supervisor}: started in its own process
 * group with stdin from /dev/null and stdout+stderr into the app's log, started again after
 * each exit as its {@link RestartPolicy} says, and stopped — with everything it forked — by
 * {@link #stop()}. Its {@link ProcessState} changes are logged and reported to a listener.
 *
 * <p>All state is guarded by this object's lock; nothing slow (waiting for a group to die,
 * draining output, calling the listener) happens while it is held.
 */
public final class SupervisedProcess {
    /** How long output is still read after the process exits, for children holding the pipe. */
    static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(SupervisedProcess.class);
    private static final File DEV_NULL = new File("/dev/null");

    private final ProcessSpec spec;
    private final String name;
    private final AppLog log;
    private final RestartTracker tracker;
    private final ProcessStateListener listener;
    private final ProcessRegistry registry;
    private final ScheduledExecutorService timers;
    private final Executor workers;
    private final Clock clock;
    private final Consumer<SupervisedProcess> onStopped;
    /** Delivers state changes one after another, in the order they happened. */
    private final ExecutorService events;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private ProcessState state;
    private Instant since;
    /** The current run, from its start until its process group is gone. */
    private Run run;
    private int restarts;
    private OptionalInt lastExit = OptionalInt.empty();
    private Instant nextRestartAt;
    private Future<?> pendingRestart;
    private Future<?> stableCheck;
    private boolean stopRequested;

    /** One start of the process. */
    private record Run(ProcessGroup group, Thread pump, long startNanos, Instant startedAt) {
    }

    SupervisedProcess(ProcessSpec spec, RestartPolicy policy, AppLog log, ProcessStateListener listener,
                      ProcessRegistry registry, ScheduledExecutorService timers, Executor workers, Clock clock,
                      Consumer<SupervisedProcess> onStopped) {
        this.spec = spec;
        this.name = log.appName() + "/" + spec.label();
        this.log = log;
        this.tracker = new RestartTracker(policy);
        this.listener = listener;
        this.registry = registry;
        this.timers = timers;
        this.workers = workers;
        this.clock = clock;
        this.onStopped = onStopped;
        this.events = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("process-events-" + name).factory());
    }

    public ProcessSpec spec() {
        return spec;
    }

    public RestartPolicy policy() {
        return tracker.policy();
    }

    public synchronized ProcessState state() {
        return state;
    }

    public synchronized ProcessSnapshot snapshot() {
        return new ProcessSnapshot(spec.label(), state, since,
                run == null ? OptionalLong.empty() : OptionalLong.of(run.group().id()), restarts, lastExit,
                Optional.ofNullable(nextRestartAt), tracker.crashLooping(),
                run == null ? Optional.empty() : Optional.of(run.startedAt()));
    }

    /**
     * Stops the process for good: cancels a pending restart, sends TERM to the whole process
     * group and KILL to whatever is left after the spec's stop timeout, and returns once no
     * process of the group is left. Idempotent; a second caller waits for the first.
     */
    public void stop() {
        boolean first;
        Run toStop = null;
        synchronized (this) {
            first = !stopRequested;
            if (first) {
                stopRequested = true;
                cancel(pendingRestart);
                cancel(stableCheck);
                nextRestartAt = null;
                toStop = run;
                if (toStop != null) {
                    transition(ProcessState.STOPPING, "stop requested");
                }
            }
        }
        if (!first) {
            awaitStopped();
            return;
        }
        if (toStop != null) {
            terminate(toStop);
        }
        finishStop(toStop);
    }

    /** Called once by the supervisor right after construction. */
    synchronized void start() {
        launch("start");
    }

    // ---- running ---------------------------------------------------------------------------

    /** Starts a run. Holds the lock, so a concurrent stop() sees either no run or this one. */
    private void launch(String why) {
        transition(ProcessState.STARTING, why);
        if (!Files.isDirectory(spec.workingDirectory())) {
            // Otherwise the error would name setsid, which runs first, rather than the real problem.
            afterExit(OptionalInt.empty(), Duration.ZERO,
                    "cannot start: the working directory " + spec.workingDirectory() + " does not exist");
            return;
        }
        ProcessGroup group;
        try {
            group = ProcessGroup.start(builder());
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a variable the OS cannot take (NUL, '=' in a name).
            afterExit(OptionalInt.empty(), Duration.ZERO, "cannot start " + spec.command().get(0) + ": " + e.getMessage());
            return;
        }
        long pid = group.id();
        try {
            registry.register(pid, name);
        } catch (UncheckedIOException e) {
            LOG.error("{}: cannot record process group {}; a berth killed now would leave it behind: {}",
                    name, pid, e.getMessage());
        }
        // A platform thread, not a virtual one: a read on a process pipe blocks in native code and
        // holds its carrier, so a few quiet processes could take every carrier and starve the rest.
        Thread pump = Thread.ofPlatform().daemon().name("process-output-" + name + "-" + pid).start(() -> pump(group));
        Run started = new Run(group, pump, System.nanoTime(), clock.instant());
        run = started;
        stableCheck = timers.schedule(() -> becameStable(started),
                tracker.policy().stableAfter().toNanos(), TimeUnit.NANOSECONDS);
        group.process().onExit().thenRunAsync(() -> exited(started), workers);
        transition(ProcessState.RUNNING, "pid " + pid);
    }

    private ProcessBuilder builder() {
        ProcessBuilder builder = new ProcessBuilder(spec.command())
                .directory(spec.workingDirectory().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(spec.environment());
        return builder;
    }

    private void pump(ProcessGroup group) {
        try (InputStream output = group.process().getInputStream();
             OutputStream lines = log.stream(spec.label() + ":" + group.id())) {
            output.transferTo(lines);
        } catch (IOException e) {
            // the pipe was closed under us: nothing more to read
        }
    }

    private synchronized void becameStable(Run stable) {
        if (run != stable || state != ProcessState.RUNNING) {
            return;
        }
        boolean wasCrashLooping = tracker.crashLooping();
        tracker.onStable();
        if (wasCrashLooping) {
            transition(ProcessState.RUNNING, "up for " + human(tracker.policy().stableAfter())
                    + ": no longer crash-looping");
        }
    }

    /** The leader of a run exited: clean up what it left behind, then restart or give up. */
    private void exited(Run ended) {
        long id = ended.group().id();
        int status = ended.group().process().exitValue();
        Duration ranFor = Duration.ofNanos(System.nanoTime() - ended.startNanos());
        join(ended.pump(), Duration.ofMillis(200));
        if (!isStopping() && ProcessGroup.hasMembers(id)) {
            // Restarting beside them could find the port taken; and no process may outlive its run.
            LOG.warn("{}: pid {} exited but left pids {} in its process group: stopping them",
                    name, id, ProcessGroup.members(id));
            ProcessGroup.stopGroup(id, spec.stopTimeout());
        }
        join(ended.pump(), OUTPUT_DRAIN);
        unregister(id);
        synchronized (this) {
            if (run != ended) {
                return;
            }
            run = null;
            cancel(stableCheck);
            lastExit = OptionalInt.of(status);
            if (stopRequested) {
                return;
            }
            afterExit(lastExit, ranFor, "pid " + id + " exited with status " + status + " after " + human(ranFor));
        }
    }

    /** Holds the lock. Applies the restart policy to an exit (or a failed start). */
    private void afterExit(OptionalInt status, Duration ranFor, String what) {
        RestartDecision decision = tracker.onExit(ranFor);
        String reason;
        switch (decision) {
            case RestartDecision.Restart restart -> {
                reason = what + "; restart in " + human(restart.delay());
                Instant now = clock.instant();
                nextRestartAt = now.plus(restart.delay());
                pendingRestart = timers.schedule(this::restart, restart.delay().toNanos(), TimeUnit.NANOSECONDS);
                transition(restart.crashLooping() ? ProcessState.CRASH_LOOPING : ProcessState.BACKING_OFF, reason, now);
            }
            case RestartDecision.GiveUp giveUp -> {
                reason = what + (giveUp.restarts() == 0 ? "; not restarted (the policy allows no restarts)"
                        : "; not restarted again (the policy allows " + giveUp.restarts()
                        + (giveUp.restarts() == 1 ? " restart)" : " restarts)"));
                transition(status.orElse(-1) == 0 ? ProcessState.FINISHED : ProcessState.FAILED, reason);
            }
        }
        log.note(spec.label() + ": " + reason);
    }

    private synchronized void restart() {
        if (stopRequested || !state.isWaiting()) {
            return;
        }
        pendingRestart = null;
        nextRestartAt = null;
        restarts++;
        launch("restart " + restarts);
    }

    // ---- stopping --------------------------------------------------------------------------

    private void terminate(Run toStop) {
        ProcessGroup group = toStop.group();
        // Only while the group id is still held by one of its processes: once all are gone
        // (and reaped) the id is free and could name someone else's group.
        if (group.process().isAlive() || ProcessGroup.hasMembers(group.id())) {
            group.stop(spec.stopTimeout());
        }
        join(toStop.pump(), OUTPUT_DRAIN);
        unregister(group.id());
    }

    private void finishStop(Run stoppedRun) {
        synchronized (this) {
            if (stoppedRun != null && !stoppedRun.group().process().isAlive()) {
                lastExit = OptionalInt.of(stoppedRun.group().process().exitValue());
            }
            run = null;
            transition(ProcessState.STOPPED, stoppedRun == null ? "stop requested" : "stopped");
        }
        events.shutdown();
        stopped.countDown();
        onStopped.accept(this);
    }

    private synchronized boolean isStopping() {
        return stopRequested;
    }

    private void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- state -----------------------------------------------------------------------------

    /** Holds the lock. Records, logs and reports a state change. */
    private void transition(ProcessState to, String reason) {
        transition(to, reason, clock.instant());
    }

    private void transition(ProcessState to, String reason, Instant now) {
        ProcessState from = state;
        state = to;
        since = now;
        ProcessStateChange change = new ProcessStateChange(from, to, snapshot(), reason);
        logChange(change);
        events.execute(() -> deliver(change));
    }

    private void logChange(ProcessStateChange change) {
        String text = "{}: {} ({})";
        switch (change.to()) {
            case CRASH_LOOPING, FAILED -> LOG.warn(text, name, change.to().label(), change.reason());
            default -> LOG.info(text, name, change.to().label(), change.reason());
        }
    }

    private void deliver(ProcessStateChange change) {
        try {
            listener.changed(change);
        } catch (RuntimeException e) {
            LOG.warn("{}: a state listener failed on {}: {}", name, change.to().label(), e.toString());
        }
    }

    private void unregister(long groupId) {
        try {
            registry.unregister(groupId);
        } catch (UncheckedIOException e) {
            LOG.error("{}: cannot update the process group record: {}", name, e.getMessage());
        }
    }

    private static void cancel(Future<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }

    private static void join(Thread thread, Duration limit) {
        try {
            thread.join(limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** "12 ms", "4 s", "1.5 s", "60 s". */
    static String human(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
