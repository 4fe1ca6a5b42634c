package org.berth.cli;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.berth.config.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "renew-cert", mixinStandardHelpOptions = true,
        description = {"Ask the ACME CA for a new certificate for one of an app's hosts now, whatever the age of the current one.",
                "The server starts the renewal at once; this command then follows the host's certificate state until the "
                        + "renewal is done and prints its outcome (exit 0 when a new certificate serves, 1 when it failed, "
                        + "the current one then serving on). New connections get the new certificate; open ones keep theirs. "
                        + "Only for hosts with an automatic certificate (ssl: acme, or acme.all-hosts)."})
final class AppRenewCertCommand extends AppClientCommand {
    private static final Duration POLL = Duration.ofMillis(500);

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Parameters(index = "1", paramLabel = "HOST", description = "One of the app's hosts.")
    String host;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "10m",
            description = "How long to follow the renewal (default ${DEFAULT-VALUE}; 0s: only start it). "
                    + "It goes on in the server after this command stops following.")
    String wait;

    @Override
    int run(ApiClient client) throws ApiClient.ApiException, InterruptedException {
        Duration limit = Durations.parse(wait).orElse(null);
        if (limit == null) {
            System.err.println("--wait: expected a duration such as 90s or 10m; found \"" + wait + "\"");
            return ExitCodes.USAGE;
        }
        JsonObject started = client.post("/api/v1/apps/" + app + "/certificates/" + host + "/renew");
        System.out.println(host + ": renewal started (currently " + started.getString("description") + ")");
        if (limit.isZero()) {
            return 0;
        }
        return report(follow(client, Instant.now().plus(limit)));
    }

    /** Polls the app's status until the host's renewal is no longer pending; null when the wait ran out first. */
    private JsonObject follow(ApiClient client, Instant deadline) throws ApiClient.ApiException, InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            JsonObject certificate = certificate(client);
            if (!certificate.getBoolean("renewing", false)) {
                return certificate;
            }
            Thread.sleep(POLL.toMillis());
        }
        return null;
    }

    private JsonObject certificate(ApiClient client) throws ApiClient.ApiException {
        for (Object item : client.getObject("/api/v1/apps/" + app).getJsonArray("certificates")) {
            JsonObject certificate = (JsonObject) item;
            if (certificate.getString("host").equalsIgnoreCase(host)) {
                return certificate;
            }
        }
        throw new ApiClient.ApiException(404, "app " + app + " no longer serves " + host);
    }

    /** A renewal succeeded when the host is valid without a problem: a failed one leaves the reason beside the old certificate. */
    private int report(JsonObject certificate) {
        if (certificate == null) {
            System.out.println(host + ": still renewing after " + wait + "; it goes on in the server: see 'berth app status " + app + "'");
            return 1;
        }
        boolean renewed = "valid".equals(certificate.getString("state")) && certificate.getString("problem") == null;
        System.out.println(host + ": " + (renewed ? "renewed: " : "renewal failed: ") + certificate.getString("description"));
        return renewed ? 0 : 1;
    }
}
