package org.berth.cli;

import io.vertx.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.berth.bundle.BundleCheck;
import org.berth.bundle.BundleConfigJson;
import org.berth.bundle.BundleConfigText;
import org.berth.bundle.CheckResult;
import org.berth.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate a bundle (.keter, .tar.gz, .tgz) or a bare keter.yaml without running anything.",
                "Prints the parsed stanzas and the warnings, or every error and exits 1."})
final class AppCheckCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            System.err.println("no such file: " + file);
            return 2;
        }
        try {
            CheckResult result = BundleCheck.check(file);
            if (json) {
                System.out.println(Json.encodePrettily(BundleConfigJson.toJson(result)));
            } else {
                System.out.print(BundleConfigText.render(result));
            }
            return 0;
        } catch (ConfigException e) {
            if (json) {
                System.out.println(Json.encodePrettily(BundleConfigJson.refused(e)));
            } else {
                System.err.println(e.getMessage());
            }
            return 1;
        }
    }
}
