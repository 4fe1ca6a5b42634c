package org.berth.actions;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.berth.site.RunResult;

/**
 * A site action running in this process, identified by its run id. It keeps the output so far
 * (up to a limit) so that a log stream opened late starts from the beginning, and pushes every
 * new chunk to the streams that are open.
 */
public final class Job {
    /** Output kept in memory for late log readers; the store keeps its own bounded copy. */
    static final int LIVE_OUTPUT_LIMIT = 8 * 1024 * 1024;

    private final long id;
    private final String site;
    private final CompletableFuture<RunResult> result = new CompletableFuture<>();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final List<JobListener> listeners = new ArrayList<>();
    private boolean outputCut;

    Job(long id, String site) {
        this.id = id;
        this.site = site;
    }

    public long id() {
        return id;
    }

    public String site() {
        return site;
    }

    public CompletableFuture<RunResult> result() {
        return result;
    }

    /** Called by the runner with each chunk of recipe output. */
    synchronized void write(byte[] chunk) {
        if (output.size() + chunk.length <= LIVE_OUTPUT_LIMIT) {
            output.write(chunk, 0, chunk.length);
        } else {
            outputCut = true;
        }
        for (JobListener listener : List.copyOf(listeners)) {
            listener.output().accept(chunk);
        }
    }

    synchronized void complete(RunResult outcome) {
        List<JobListener> open = List.copyOf(listeners);
        listeners.clear();
        result.complete(outcome);
        open.forEach(listener -> listener.end().run());
    }

    /**
     * Replays the output so far, then follows it until the job ends. Returns a handle that
     * stops following (when the reader goes away). The replay and the subscription happen under
     * one lock, so no chunk is lost or repeated in between.
     */
    public synchronized Runnable follow(Consumer<byte[]> onOutput, Runnable onEnd) {
        byte[] soFar = output.toByteArray();
        if (soFar.length > 0) {
            onOutput.accept(soFar);
        }
        if (outputCut) {
            onOutput.accept("\n[berth] live output past 8 MiB is not replayed; the full run is in the history\n"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (result.isDone()) {
            onEnd.run();
            return () -> { };
        }
        JobListener listener = new JobListener(onOutput, onEnd);
        listeners.add(listener);
        return () -> {
            synchronized (this) {
                listeners.remove(listener);
            }
        };
    }

    private record JobListener(Consumer<byte[]> output, Runnable end) {
    }
}
