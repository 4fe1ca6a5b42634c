package org.berth.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.berth.bundle.GlobalReverseProxyReader;
import org.berth.config.BerthConfig;
import org.berth.config.ConfigException;
import org.berth.config.EffectiveConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate a configuration file and print the effective configuration (secrets hidden).",
                "Exit 0 when valid (warnings go to stderr), 4 with every error when not."})
final class ConfigCheckCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The file to check; default: the one berth would load.")
    Path file;

    @Override
    public Integer call() {
        try {
            BerthConfig config = GlobalOptions.loadConfig(file != null ? Optional.of(file) : global.configFile());
            config.warnings().forEach(warning -> System.err.println("warning: " + warning.render()));
            // Read as berth server reads them: as reverse-proxy stanzas, with the bundle package's reader.
            GlobalReverseProxyReader.read(config.apps().globalReverseProxies()).warnings()
                    .forEach(warning -> System.err.println("warning: " + warning.render()));
            System.out.print(EffectiveConfig.render(config));
            return ExitCodes.OK;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return ExitCodes.CONFIG;
        }
    }
}
