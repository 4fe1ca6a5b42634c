package org.berth.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show an app: state, serving release, hosts, processes, what it is doing, each host's certificate, its last deployment.")
final class AppStatusCommand extends AppClientCommand {
    @Parameters(paramLabel = "APP")
    String app;

    @Override
    int run(ApiClient client) throws ApiClient.ApiException {
        JsonObject status = client.getObject("/api/v1/apps/" + app);
        System.out.println("app:      " + status.getString("name"));
        System.out.println("state:    " + status.getString("state"));
        System.out.println("release:  " + (status.getValue("release") == null ? "-"
                : status.getValue("release") + " (since " + status.getString("servingSince") + ")"));
        System.out.println("hosts:    " + String.join(", ", status.getJsonArray("hosts").getList()));
        if (status.getString("activity") != null) {
            System.out.println("doing:    " + status.getString("activity"));
        }
        for (Object item : status.getJsonArray("processes")) {
            JsonObject process = (JsonObject) item;
            System.out.printf("process:  %-14s %-13s pid %-7s restarts %d%s%n", process.getString("label"),
                    process.getString("state"), process.getValue("pid") == null ? "-" : process.getValue("pid"),
                    process.getInteger("restarts"),
                    process.getValue("lastExit") == null ? "" : ", last exit " + process.getValue("lastExit"));
        }
        JsonArray certificates = status.getJsonArray("certificates");
        if (certificates != null) {
            for (Object item : certificates) {
                JsonObject certificate = (JsonObject) item;
                System.out.println("certificate: " + certificate.getString("host") + ": " + certificate.getString("description"));
            }
        }
        JsonObject last = status.getJsonObject("lastDeployment");
        if (last != null) {
            System.out.println("last deployment: release " + last.getValue("release") + " " + last.getString("outcome")
                    + " (" + last.getString("trigger") + " by " + last.getString("caller") + ", " + last.getString("startedAt") + ")"
                    + (last.getString("message").isEmpty() ? "" : "\n  " + last.getString("message")));
        }
        return 0;
    }
}
