package org.berth.cli;

import picocli.CommandLine.Command;

@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with the configuration file.",
        subcommands = {ConfigCheckCommand.class})
final class ConfigCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
