package org.berth.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "renew-cert", mixinStandardHelpOptions = true,
        description = {"Ask the ACME CA for a new certificate for one of an app's hosts now, whatever the age of the current one.",
                "Waits for the outcome and prints the host's certificate state. New connections get the new certificate; "
                        + "open ones keep theirs. Only for hosts with an automatic certificate (ssl: acme, or acme.all-hosts)."})
final class AppRenewCertCommand extends AppClientCommand {
    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Parameters(index = "1", paramLabel = "HOST", description = "One of the app's hosts.")
    String host;

    @Override
    int run(ApiClient client) throws ApiClient.ApiException {
        JsonObject status = client.post("/api/v1/apps/" + app + "/certificates/" + host + "/renew");
        System.out.println(status.getString("host") + ": " + status.getString("description"));
        return "valid".equals(status.getString("state")) ? 0 : 1;
    }
}
