package org.berth.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a bash completion script for berth.",
                "Install it with: berth completion > /etc/bash_completion.d/berth"})
final class CompletionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        System.out.print(AutoComplete.bash("berth", spec.root().commandLine()));
    }
}
