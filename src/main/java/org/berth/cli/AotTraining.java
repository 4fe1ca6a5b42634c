package org.berth.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The training run for the JDK's AOT cache (JDK 25+, {@code -XX:AOTCacheOutput}), made by the
 * launcher after each build: it exercises the CLI's start-up paths — version, config loading,
 * site resolution, picocli's parser — so their classes come pre-parsed and pre-linked next time.
 * Not a user command; prints nothing.
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Files.createTempDirectory("berth-aot-");
        PrintStream out = System.out;
        PrintStream err = System.err;
        try (PrintStream silent = new PrintStream(OutputStream.nullOutputStream())) {
            System.setOut(silent);
            System.setErr(silent);
            Path config = folder.resolve("alkane.conf");
            Files.writeString(config, "roots:\n  db: " + folder.resolve("db") + "\n  sites: " + folder.resolve("www")
                    + "\n  recipes: " + folder.resolve("recipes") + "\nsite_directory_template: \"%domain%.%tld%/%subdomain%\"\n");
            Files.createDirectories(folder.resolve("db/initialized"));
            Files.createFile(folder.resolve("db/initialized/foo.example.org"));
            Main.fastPath(new String[] {"--version"});
            IsPresentCommand.run(Optional.of(config), false, "foo.example.org");
            IsPresentCommand.run(Optional.of(config), false, "bar.acme.co.uk");
            new CommandLine(new BerthCommand()).execute("--help");
            new CommandLine(new BerthCommand()).execute("config", "check", config.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
            try (var files = Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
