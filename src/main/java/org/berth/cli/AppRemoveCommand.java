package org.berth.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Remove an app: its hosts at once, then its processes, folder and bundle in incoming/.")
final class AppRemoveCommand extends AppClientCommand {
    @Parameters(paramLabel = "APP")
    String app;

    @Override
    int run(ApiClient client) throws ApiClient.ApiException, InterruptedException {
        long operation = client.delete("/api/v1/apps/" + app).getLong("operation");
        return new OperationFollower(client, System.out).follow(app, operation);
    }
}
