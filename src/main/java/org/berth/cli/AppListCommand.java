package org.berth.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List apps with their state, release and hosts.")
final class AppListCommand extends AppClientCommand {
    @Override
    int run(ApiClient client) throws ApiClient.ApiException {
        JsonArray apps = client.getArray("/api/v1/apps");
        if (apps.isEmpty()) {
            System.out.println("No apps yet: copy a bundle into incoming/ or run 'berth app deploy FILE'.");
            return 0;
        }
        System.out.printf("%-24s %-14s %-8s %s%n", "APP", "STATE", "RELEASE", "HOSTS");
        for (Object item : apps) {
            JsonObject app = (JsonObject) item;
            System.out.printf("%-24s %-14s %-8s %s%n", app.getString("name"), app.getString("state"),
                    app.getValue("release") == null ? "-" : app.getValue("release"),
                    String.join(", ", app.getJsonArray("hosts").getList()));
        }
        return 0;
    }
}
