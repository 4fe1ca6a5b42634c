package org.berth.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Remove an app: its hosts at once, then its processes, folder and bundle in incoming/.",
                "Its PostgreSQL database is kept (a later deploy of the app finds it again) unless --drop-database."})
final class AppRemoveCommand extends AppClientCommand {
    @Parameters(paramLabel = "APP")
    String app;

    @Option(names = "--drop-database", description = "Also drop the app's PostgreSQL database and role, with all their data.")
    boolean dropDatabase;

    @Override
    int run(ApiClient client) throws ApiClient.ApiException, InterruptedException {
        long operation = client.delete("/api/v1/apps/" + app + (dropDatabase ? "?drop-database=1" : "")).getLong("operation");
        return new OperationFollower(client, System.out).follow(app, operation);
    }
}
