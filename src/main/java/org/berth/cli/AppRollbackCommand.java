package org.berth.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Put an earlier release back in service (default: the one before the serving release).")
final class AppRollbackCommand extends AppClientCommand {
    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Parameters(index = "1", arity = "0..1", paramLabel = "RELEASE", description = "Release id (see 'berth app releases').")
    Long release;

    @Override
    int run(ApiClient client) throws ApiClient.ApiException, InterruptedException {
        long operation = client.post("/api/v1/apps/" + app + "/rollback" + (release == null ? "" : "?release=" + release))
                .getLong("operation");
        return new OperationFollower(client, System.out).follow(app, operation);
    }
}
