package org.berth.app;

/**
 * What became of one submitted operation, for callers that follow it ({@code berth app deploy}).
 *
 * @param state   queued, running, done
 * @param outcome empty until done; then succeeded, failed, unchanged or superseded
 * @param message what happened, in a sentence ("release 7 is serving", "… did not become ready: …")
 */
public record OperationResult(long id, String description, String state, String outcome, String message) {

    static OperationResult queued(long id, String description) {
        return new OperationResult(id, description, "queued", "", "");
    }

    OperationResult running() {
        return new OperationResult(id, description, "running", "", "");
    }

    OperationResult done(String outcome, String message) {
        return new OperationResult(id, description, "done", outcome, message);
    }

    public boolean isDone() {
        return state.equals("done");
    }
}
