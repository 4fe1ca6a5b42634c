package org.berth.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.berth.app.AppStatus;
import org.berth.app.OperationResult;
import org.berth.config.PostgresServer;
import org.berth.plugin.postgres.AppDatabase;
import org.berth.process.ProcessSnapshot;
import org.berth.store.DatabaseCredentials;
import org.berth.store.DeploymentRecord;
import org.berth.store.ReleaseRecord;

/** JSON shapes of the apps API. */
final class AppJson {
    private AppJson() {
    }

    static JsonObject status(AppStatus status) {
        JsonArray processes = new JsonArray();
        status.processes().forEach(process -> processes.add(process(process).put("port", status.ports().get(process.label()))));
        return new JsonObject()
                .put("name", status.name())
                .put("state", status.state().label())
                .put("release", status.release().orElse(null))
                .put("sha256", status.sha256().orElse(null))
                .put("servingSince", status.servingSince().map(Instant::toString).orElse(null))
                .put("hosts", new JsonArray(status.hosts()))
                .put("processes", processes)
                .put("activity", status.activity().orElse(null))
                .put("lastDeployment", status.lastDeployment().map(AppJson::deployment).orElse(null));
    }

    static JsonObject process(ProcessSnapshot process) {
        return new JsonObject()
                .put("label", process.label())
                .put("state", process.state().label())
                .put("pid", process.pid().isPresent() ? process.pid().getAsLong() : null)
                .put("restarts", process.restarts())
                .put("lastExit", process.lastExit().isPresent() ? process.lastExit().getAsInt() : null)
                .put("crashLooping", process.crashLooping())
                .put("since", process.since().toString())
                .put("nextRestartAt", process.nextRestartAt().map(Instant::toString).orElse(null));
    }

    static JsonObject deployment(DeploymentRecord deployment) {
        return new JsonObject()
                .put("id", deployment.id())
                .put("release", deployment.releaseId())
                .put("trigger", deployment.trigger())
                .put("caller", deployment.caller())
                .put("startedAt", deployment.startedAt().toString())
                .put("endedAt", deployment.endedAt() == null ? null : deployment.endedAt().toString())
                .put("outcome", deployment.outcome())
                .put("message", deployment.message());
    }

    static JsonArray releases(List<ReleaseRecord> releases, Long serving) {
        JsonArray array = new JsonArray();
        releases.forEach(release -> array.add(new JsonObject()
                .put("id", release.id())
                .put("sha256", release.sha256())
                .put("size", release.size())
                .put("createdAt", release.createdAt().toString())
                .put("kept", release.bundle() != null)
                .put("serving", serving != null && serving == release.id())));
        return array;
    }

    /** An app's database; the password is masked unless {@code reveal}. */
    static JsonObject database(AppDatabase database, boolean reveal) {
        DatabaseCredentials credentials = database.credentials();
        return new JsonObject()
                .put("app", credentials.app())
                .put("server", credentials.server())
                .put("host", database.server().map(PostgresServer::host).orElse(null))
                .put("port", database.server().map(PostgresServer::port).orElse(null))
                .put("database", credentials.database())
                .put("user", credentials.role())
                .put("password", database.password(reveal))
                .put("passwordRevealed", reveal)
                .put("url", database.url(reveal).orElse(null))
                .put("jdbcUrl", database.jdbcUrl(reveal).orElse(null))
                .put("createdAt", credentials.createdAt().toString());
    }

    static JsonObject operation(String app, OperationResult operation) {
        return new JsonObject()
                .put("id", operation.id())
                .put("app", app)
                .put("description", operation.description())
                .put("state", operation.state())
                .put("outcome", operation.outcome().isEmpty() ? null : operation.outcome())
                .put("message", operation.message().isEmpty() ? null : operation.message());
    }
}
