package org.berth.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;

/**
 * Follows an app operation on the server until it ends, printing what the app is doing as it
 * changes ("unpacking release 4", "waiting for r4/web-1 to be ready …"), then the result.
 */
final class OperationFollower {
    private static final Duration POLL = Duration.ofMillis(150);

    private final ApiClient client;
    private final PrintStream out;

    OperationFollower(ApiClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /** Returns the exit status: 0 when the operation succeeded (or changed nothing), 1 otherwise. */
    int follow(String app, long operation) throws ApiClient.ApiException, InterruptedException {
        String lastActivity = null;
        while (true) {
            JsonObject state = client.getObject("/api/v1/apps/" + app + "/operations/" + operation);
            if (state.getString("state").equals("done")) {
                String outcome = state.getString("outcome");
                out.println(outcome + ": " + state.getString("message"));
                return outcome.equals("succeeded") || outcome.equals("unchanged") ? 0 : 1;
            }
            String activity = activity(app);
            if (activity != null && !Objects.equals(activity, lastActivity)) {
                out.println("  " + activity);
                lastActivity = activity;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private String activity(String app) {
        try {
            return client.getObject("/api/v1/apps/" + app).getString("activity");
        } catch (ApiClient.ApiException gone) {
            return null; // removed meanwhile, or not created yet
        }
    }
}
