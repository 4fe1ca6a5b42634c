package org.berth.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Print an app's log (time-stamped lines of all its processes); -f follows it.")
final class AppLogsCommand extends AppClientCommand {
    @Parameters(paramLabel = "APP")
    String app;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
    boolean follow;

    @Option(names = {"-n", "--lines"}, defaultValue = "100", description = "How many past lines (default ${DEFAULT-VALUE}).")
    int lines;

    @Override
    int run(ApiClient client) throws ApiClient.ApiException {
        String path = "/api/v1/apps/" + app + "/logs?lines=" + Math.max(0, lines) + (follow ? "&follow=1" : "");
        if (follow) {
            client.stream(path, System.out::println);
        } else {
            System.out.print(client.getText(path));
        }
        return 0;
    }
}
