package org.berth.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.berth.actions.SiteSummary;
import org.berth.store.RunRecord;

/** JSON shapes of the v1 API: one place, so every route renders a run the same way. */
final class RunJson {
    private RunJson() {
    }

    static JsonObject run(RunRecord run, boolean withOutput) {
        JsonObject json = new JsonObject()
                .put("id", run.id())
                .put("site", run.site())
                .put("requestedAction", run.requestedAction())
                .put("action", run.action())
                .put("trigger", run.trigger())
                .put("caller", run.caller())
                .put("contextSize", run.contextSize())
                .put("artifact", run.artifact())
                .put("state", run.state().label())
                .put("result", run.result())
                .put("exitStatus", run.exitStatus())
                .put("requestedAt", time(run.requestedAt()))
                .put("startedAt", time(run.startedAt()))
                .put("endedAt", time(run.endedAt()))
                .put("outputTruncated", run.outputTruncated());
        if (withOutput) {
            json.put("output", run.output());
        }
        return json;
    }

    static JsonArray runs(List<RunRecord> runs) {
        JsonArray array = new JsonArray();
        runs.forEach(run -> array.add(run(run, false)));
        return array;
    }

    static JsonObject site(SiteSummary site) {
        return new JsonObject()
                .put("name", site.name())
                .put("present", site.present())
                .put("path", site.path() == null ? null : site.path().toString())
                .put("lastRun", site.lastRun() == null ? null : run(site.lastRun(), false));
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
