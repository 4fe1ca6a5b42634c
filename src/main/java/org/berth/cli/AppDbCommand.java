package org.berth.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "db", mixinStandardHelpOptions = true,
        description = {"Show an app's PostgreSQL database: server, database, user, the URLs its processes get.",
                "The password is masked unless --reveal is given."})
final class AppDbCommand extends AppClientCommand {
    @Parameters(paramLabel = "APP")
    String app;

    @Option(names = "--reveal", description = "Show the password (the server logs that it was revealed, and to whom).")
    boolean reveal;

    @Override
    int run(ApiClient client) throws ApiClient.ApiException {
        JsonObject database = client.getObject("/api/v1/apps/" + app + "/database" + (reveal ? "?reveal=1" : ""));
        String host = database.getString("host");
        System.out.println("app:       " + database.getString("app"));
        System.out.println("server:    " + database.getString("server") + (host == null
                ? " (no longer listed in berth.yaml)" : " (" + address(host, database.getInteger("port")) + ")"));
        System.out.println("database:  " + database.getString("database"));
        System.out.println("user:      " + database.getString("user"));
        System.out.println("password:  " + database.getString("password") + (reveal ? "" : " (--reveal shows it)"));
        if (database.getString("url") != null) {
            System.out.println("url:       " + database.getString("url"));
            System.out.println("jdbc url:  " + database.getString("jdbcUrl"));
        }
        System.out.println("created:   " + database.getString("createdAt"));
        return 0;
    }

    private static String address(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
