package org.berth.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {"Restart an app: fresh processes for its release, switched to without downtime.",
                "With --stanza N, only that stanza's process restarts, in place."})
final class AppRestartCommand extends AppClientCommand {
    @Parameters(paramLabel = "APP")
    String app;

    @Option(names = "--stanza", paramLabel = "N", description = "Restart only stanza N (1 = the first in keter.yaml).")
    Integer stanza;

    @Override
    int run(ApiClient client) throws ApiClient.ApiException, InterruptedException {
        long operation = client.post("/api/v1/apps/" + app + "/restart" + (stanza == null ? "" : "?stanza=" + stanza))
                .getLong("operation");
        return new OperationFollower(client, System.out).follow(app, operation);
    }
}
