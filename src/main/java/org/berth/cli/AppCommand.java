package org.berth.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "app", mixinStandardHelpOptions = true,
        description = {"Keter-style app bundles run by 'berth server'.",
                "Commands other than 'check' talk to the server over its API (see --server, --token)."},
        subcommands = {AppListCommand.class, AppStatusCommand.class, AppDeployCommand.class, AppRemoveCommand.class,
                AppRestartCommand.class, AppRollbackCommand.class, AppReleasesCommand.class, AppLogsCommand.class,
                AppDbCommand.class, AppCheckCommand.class, AppRenewCertCommand.class})
final class AppCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
