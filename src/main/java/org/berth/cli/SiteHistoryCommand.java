package org.berth.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.berth.actions.Actions;
import org.berth.config.ConfigException;
import org.berth.naming.InvalidSiteNameException;
import org.berth.store.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Show a site's past runs, newest first.")
final class SiteHistoryCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "SITE")
    String site;

    @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "How many runs to show (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--output", description = "Also print each run's recorded output.")
    boolean output;

    @Override
    public Integer call() {
        try (Actions actions = new Actions(global.loadConfig())) {
            List<RunRecord> runs = actions.siteHistory(site, Math.max(1, limit));
            if (runs.isEmpty()) {
                System.out.println("No runs recorded for " + site + ".");
                return ExitCodes.OK;
            }
            System.out.printf("%-6s %-8s %-8s %-9s %-19s %-8s %-5s %s%n",
                    "RUN", "ACTION", "TRIGGER", "RESULT", "STARTED", "TOOK", "EXIT", "CALLER");
            for (RunRecord run : runs) {
                System.out.printf("%-6d %-8s %-8s %-9s %-19s %-8s %-5s %s%n", run.id(),
                        run.action() == null ? run.requestedAction() : run.action(), run.trigger(), RunTable.result(run),
                        RunTable.time(run.startedAt()), RunTable.duration(run),
                        run.exitStatus() == null ? "-" : run.exitStatus(), run.caller());
                if (output && !run.output().isEmpty()) {
                    System.out.println(run.output().indent(4).stripTrailing());
                }
            }
            return ExitCodes.OK;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return ExitCodes.CONFIG;
        } catch (InvalidSiteNameException e) {
            System.err.println(e.getMessage());
            return ExitCodes.USAGE;
        }
    }
}
