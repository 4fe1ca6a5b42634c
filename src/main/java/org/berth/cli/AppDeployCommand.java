package org.berth.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Deploy a bundle (.keter, .tar.gz, .tgz) and follow it to its outcome.",
                "The server stores it in incoming/ atomically. When the local server is not running, the",
                "bundle is copied into incoming/ atomically and deploys when the server starts."})
final class AppDeployCommand extends AppClientCommand {
    @Parameters(paramLabel = "FILE", description = "The bundle.")
    Path file;

    @Option(names = "--name", paramLabel = "APP", description = "App name (default: the file name without its extension).")
    String name;

    @Option(names = "--no-follow", description = "Return once the server has the bundle.")
    boolean noFollow;

    @Override
    int run(ApiClient client) throws ApiClient.ApiException, InterruptedException {
        if (!Files.isRegularFile(file)) {
            System.err.println("no such file: " + file);
            return 2;
        }
        String app = name != null ? name : appName(file);
        JsonObject accepted;
        try {
            accepted = client.put("/api/v1/apps/" + app, file);
        } catch (ApiClient.ApiException e) {
            if (e.unreachable() && server.server == null) {
                return copyIntoIncoming(app, e.getMessage());
            }
            throw e;
        }
        System.out.println("uploaded " + file.getFileName() + " as app " + app + " (" + client.base() + ")");
        if (noFollow) {
            return 0;
        }
        return new OperationFollower(client, System.out).follow(app, accepted.getLong("operation"));
    }

    private int copyIntoIncoming(String app, String why) {
        var config = server.config();
        if (config.isEmpty()) {
            System.err.println(why);
            return 1;
        }
        Path incoming = config.get().incomingDirectory();
        try {
            Files.createDirectories(incoming);
            Path temporary = Files.createTempFile(incoming, "." + app, ".part");
            Files.copy(file, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, incoming.resolve(app + ".keter"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            System.err.println("cannot copy the bundle into " + incoming + ": " + e.getMessage());
            return 1;
        }
        System.err.println(why);
        System.out.println("copied into " + incoming.resolve(app + ".keter") + "; it deploys when berth server starts");
        return 0;
    }

    static String appName(Path file) {
        String name = file.getFileName().toString();
        for (String extension : new String[] {".keter", ".tar.gz", ".tgz"}) {
            if (name.endsWith(extension)) {
                return name.substring(0, name.length() - extension.length());
            }
        }
        return name;
    }
}
