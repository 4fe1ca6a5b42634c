package org.berth.cli;

import org.berth.site.SiteAction;
import picocli.CommandLine.Command;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Initialize a site: run its init recipe, then mark it present.")
final class InitCommand extends SiteActionCommand {
    @Override
    SiteAction action() {
        return SiteAction.INIT;
    }
}
