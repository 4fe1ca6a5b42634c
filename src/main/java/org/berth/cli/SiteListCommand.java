package org.berth.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.berth.actions.Actions;
import org.berth.actions.SiteSummary;
import org.berth.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the sites berth knows (recipes, markers, config, history) with their last run.")
final class SiteListCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() {
        try (Actions actions = new Actions(global.loadConfig())) {
            List<SiteSummary> sites = actions.sites();
            if (sites.isEmpty()) {
                System.out.println("No sites yet: add recipes under " + actions.config().roots().recipes() + "/<site>/.");
                return ExitCodes.OK;
            }
            System.out.printf("%-40s %-8s %-10s %-8s %-19s%n", "SITE", "PRESENT", "LAST RUN", "RESULT", "ENDED");
            for (SiteSummary site : sites) {
                var run = site.lastRun();
                System.out.printf("%-40s %-8s %-10s %-8s %-19s%n", site.name(), site.present() ? "yes" : "no",
                        run == null ? "-" : run.action() == null ? run.requestedAction() : run.action(),
                        run == null ? "-" : RunTable.result(run),
                        run == null ? "-" : RunTable.time(run.endedAt()));
            }
            return ExitCodes.OK;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return ExitCodes.CONFIG;
        }
    }
}
