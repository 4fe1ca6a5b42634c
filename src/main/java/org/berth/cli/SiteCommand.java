package org.berth.cli;

import picocli.CommandLine.Command;

@Command(name = "site", mixinStandardHelpOptions = true,
        description = "Sites and their run history.",
        subcommands = {SiteListCommand.class, SiteHistoryCommand.class})
final class SiteCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
