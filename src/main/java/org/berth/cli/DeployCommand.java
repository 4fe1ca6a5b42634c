package org.berth.cli;

import org.berth.site.SiteAction;
import picocli.CommandLine.Command;

@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Deploy a site: update it if it is present, else initialize it.")
final class DeployCommand extends SiteActionCommand {
    @Override
    SiteAction action() {
        return SiteAction.DEPLOY;
    }
}
