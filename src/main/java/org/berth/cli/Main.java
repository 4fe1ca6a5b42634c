package org.berth.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Entry point. {@code --version} and {@code is-present} are answered without picocli: scripts
 * call them in loops, and picocli's start-up alone costs more than our whole budget for them
 * (see docs/benchmarks.md). Everything else goes through {@link BerthCommand}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        Integer fast = fastPath(args);
        if (fast != null) {
            return fast;
        }
        return new CommandLine(new BerthCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }

    /** Handles the simple forms of the hot commands; returns null to fall back to the full parser. */
    static Integer fastPath(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            System.out.println(Version.text());
            return ExitCodes.OK;
        }
        int verb = args.length >= 3 && args[0].equals("--config") ? 2 : 0;
        if (args.length <= verb || !args[verb].equals("is-present")) {
            return null;
        }
        boolean quiet = false;
        Path config = verb == 2 ? Path.of(args[1]) : null;
        String site = null;
        for (int i = verb + 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-q") || arg.equals("--quiet")) {
                quiet = true;
            } else if (arg.equals("--config") && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else if (arg.startsWith("--config=")) {
                config = Path.of(arg.substring("--config=".length()));
            } else if (arg.startsWith("-") || site != null) {
                return null; // --help, a typo, two names: let picocli explain
            } else {
                site = arg;
            }
        }
        return site == null ? null : IsPresentCommand.run(Optional.ofNullable(config), quiet, site);
    }
}
