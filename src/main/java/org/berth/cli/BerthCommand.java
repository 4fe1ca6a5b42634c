package org.berth.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "berth", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Deploy and run web apps and sites on this server.", "",
                "Sites (Alkane-compatible): init, update, deploy, is-present, site.",
                "Apps (Keter bundles): app list|status|deploy|remove|restart|rollback|releases|logs|check.",
                "Run 'berth server' for the HTTP API, 'berth demo' to try it out."},
        subcommands = {InitCommand.class, UpdateCommand.class, DeployCommand.class, IsPresentCommand.class,
                SiteCommand.class, AppCommand.class, ServerCommand.class, ConfigCommand.class, DemoCommand.class,
                CompletionCommand.class},
        footer = {"", "Exit status: 0-3 recipe result (Success, Warning, Error, Unknown), 4 configuration error,",
                "16 the action could not run, 1 for is-present when the site is absent."})
final class BerthCommand implements Runnable {
    @picocli.CommandLine.Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (also accepted after the command).")
    java.nio.file.Path config;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
