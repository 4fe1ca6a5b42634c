package org.berth.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "releases", mixinStandardHelpOptions = true,
        description = "List an app's releases (newest first) with checksum, time, whether kept, and the serving one.")
final class AppReleasesCommand extends AppClientCommand {
    @Parameters(paramLabel = "APP")
    String app;

    @Override
    int run(ApiClient client) throws ApiClient.ApiException {
        var releases = client.getArray("/api/v1/apps/" + app + "/releases");
        var deployments = client.getArray("/api/v1/apps/" + app + "/deployments");
        System.out.printf("%-3s %-8s %-14s %-24s %-6s %s%n", "", "RELEASE", "SHA256", "CREATED", "KEPT", "LAST OUTCOME");
        for (Object item : releases) {
            JsonObject release = (JsonObject) item;
            String outcome = deployments.stream().map(JsonObject.class::cast)
                    .filter(deployment -> deployment.getLong("release").equals(release.getLong("id")))
                    .map(deployment -> deployment.getString("outcome")).findFirst().orElse("-");
            System.out.printf("%-3s %-8d %-14s %-24s %-6s %s%n", release.getBoolean("serving") ? "*" : "",
                    release.getLong("id"), release.getString("sha256").substring(0, 12), release.getString("createdAt"),
                    release.getBoolean("kept") ? "yes" : "no", outcome);
        }
        return 0;
    }
}
