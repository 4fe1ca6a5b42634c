package org.berth.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.berth.actions.Actions;
import org.berth.config.ConfigException;
import org.berth.naming.InvalidSiteNameException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code is-present [-q] SITE}: exit 0 and print the site's folder when it is initialized,
 * exit 1 with "Site is absent." otherwise. Also run without picocli by {@link Main}'s fast path.
 */
@Command(name = "is-present", mixinStandardHelpOptions = true,
        description = "Tell whether a site is hosted here: prints its folder (exit 0) or 'Site is absent.' (exit 1).")
final class IsPresentCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing; answer with the exit status only.")
    boolean quiet;

    @Parameters(paramLabel = "SITE", description = "The site, e.g. foo.example.org.")
    String site;

    @Override
    public Integer call() {
        return run(global.configFile(), quiet, site);
    }

    static int run(Optional<Path> configFile, boolean quiet, String site) {
        try (Actions actions = new Actions(GlobalOptions.loadConfig(configFile))) {
            Optional<Path> path = actions.presentSite(site);
            if (!quiet) {
                if (path.isPresent()) {
                    System.out.println(path.get());
                } else {
                    System.err.println("Site is absent.");
                }
            }
            return path.isPresent() ? ExitCodes.OK : ExitCodes.ABSENT;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return ExitCodes.CONFIG;
        } catch (InvalidSiteNameException e) {
            if (!quiet) {
                System.err.println("Site is absent (" + e.getMessage() + ").");
            }
            return ExitCodes.ABSENT;
        }
    }
}
