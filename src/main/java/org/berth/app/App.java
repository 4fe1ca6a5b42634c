package org.berth.app;

import java.util.Optional;
import org.berth.applog.AppLog;
import org.berth.naming.AppName;
import org.berth.process.ProcessState;

/**
 * One app's mutable state, owned by its worker: the serving release, the lifecycle state, what
 * the worker is doing, and the operations waiting. Readers (status, API) see volatile snapshots.
 */
final class App {
    final AppName name;
    final AppLog log;
    final OperationQueue queue = new OperationQueue();
    private volatile AppState state = AppState.NEW;
    private volatile ReleaseInstance serving;
    private volatile String activity;
    private boolean workerRunning;
    /** Recent operations and their results, newest last; bounded so a busy app does not grow it. */
    private final java.util.LinkedHashMap<Long, OperationResult> operations = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, OperationResult> eldest) {
            return size() > 50;
        }
    };

    App(AppName name, AppLog log) {
        this.name = name;
        this.log = log;
    }

    AppState state() {
        return state;
    }

    /** The state operators see: serving, but crash-looping when a process of the serving release is. */
    AppState visibleState() {
        ReleaseInstance current = serving;
        if ((state == AppState.SERVING || state == AppState.RELOADING) && current != null
                && current.processes().stream().anyMatch(process -> process.process().state() == ProcessState.CRASH_LOOPING)) {
            return AppState.CRASH_LOOPING;
        }
        return state;
    }

    void state(AppState next) {
        state = next;
    }

    Optional<ReleaseInstance> serving() {
        return Optional.ofNullable(serving);
    }

    void serving(ReleaseInstance next) {
        serving = next;
    }

    Optional<String> activity() {
        return Optional.ofNullable(activity);
    }

    void activity(String text) {
        activity = text;
    }

    synchronized void record(OperationResult result) {
        operations.put(result.id(), result);
    }

    synchronized Optional<OperationResult> operation(long id) {
        return Optional.ofNullable(operations.get(id));
    }

    /** Marks the worker as running; false when one already runs (it will pick the new operation up). */
    synchronized boolean claimWorker() {
        if (workerRunning) {
            return false;
        }
        workerRunning = true;
        return true;
    }

    /** Releases the worker unless work arrived meanwhile; true when the worker must go on. */
    synchronized boolean releaseWorker() {
        if (!queue.isEmpty()) {
            return true;
        }
        workerRunning = false;
        return false;
    }
}
