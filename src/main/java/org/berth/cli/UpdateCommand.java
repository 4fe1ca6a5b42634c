package org.berth.cli;

import org.berth.site.SiteAction;
import picocli.CommandLine.Command;

@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Update a site: run its update recipe.")
final class UpdateCommand extends SiteActionCommand {
    @Override
    SiteAction action() {
        return SiteAction.UPDATE;
    }
}
