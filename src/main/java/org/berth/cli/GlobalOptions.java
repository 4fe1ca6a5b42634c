package org.berth.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.berth.config.BerthConfig;
import org.berth.config.ConfigException;
import org.berth.config.ConfigLoader;
import org.berth.config.ConfigLocator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every command takes; mixed into each, so they work before or after the verb. */
final class GlobalOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file. Default: $BERTH_CONFIG, then ./berth.yaml, /usr/local/etc/berth.yaml, "
                    + "/etc/berth.yaml, then Alkane's .alkane.conf, /etc/alkane.conf, /usr/local/etc/alkane.conf.")
    Path config;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** {@code --config} given after the verb, else before it ({@code berth --config F init …}). */
    Optional<Path> configFile() {
        if (config != null) {
            return Optional.of(config);
        }
        Object root = mixee == null ? null : mixee.root().userObject();
        return root instanceof BerthCommand berth ? Optional.ofNullable(berth.config) : Optional.empty();
    }

    BerthConfig loadConfig() throws ConfigException {
        return loadConfig(configFile());
    }

    static BerthConfig loadConfig(Optional<Path> explicit) throws ConfigException {
        Path file = ConfigLocator.fromProcess().locate(explicit);
        return ConfigLoader.fromProcess().load(file);
    }
}
