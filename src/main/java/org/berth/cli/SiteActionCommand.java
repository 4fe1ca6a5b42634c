package org.berth.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.berth.actions.Actions;
import org.berth.config.BerthConfig;
import org.berth.config.ConfigException;
import org.berth.site.RunResult;
import org.berth.site.SiteAction;
import org.berth.site.SiteActionException;
import org.berth.site.SiteActionRequest;
import org.berth.site.Trigger;
import org.berth.store.StoreException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code init}, {@code update} and {@code deploy}: run the site's recipe here, streaming its
 * output, and exit with Alkane's status (0 Success, 1 Warning, 2 Error, 3 Unknown; 16 when
 * nothing could run).
 */
abstract class SiteActionCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "SITE", description = "The site, e.g. foo.example.org.")
    String site;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ARTIFACT",
            description = "Optional artifact reference (a URL, a build number), passed to the recipe as BERTH_ARTIFACT.")
    String artifact;

    @ArgGroup(exclusive = true)
    ContextSource context;

    static final class ContextSource {
        @Option(names = "--context", paramLabel = "TEXT",
                description = "Context for the recipe (ALKANE_SITE_CONTEXT), as CI sends it over HTTP.")
        String text;

        @Option(names = "--context-file", paramLabel = "FILE",
                description = "Read the context from FILE, or from standard input with '-'.")
        String file;
    }

    abstract SiteAction action();

    @Override
    public Integer call() throws IOException {
        BerthConfig config;
        try {
            config = global.loadConfig();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return ExitCodes.CONFIG;
        }
        PrintStream out = System.out;
        try (Actions actions = new Actions(config)) {
            SiteActionRequest request = new SiteActionRequest(site, action(), readContext(), Optional.ofNullable(artifact),
                    Trigger.CLI, caller());
            RunResult result = actions.runSiteAction(request, chunk -> {
                out.write(chunk, 0, chunk.length);
                out.flush();
            });
            return result.result().exitCode();
        } catch (SiteActionException e) {
            System.err.println(e.getMessage());
            return ExitCodes.CANNOT_RUN;
        } catch (StoreException e) {
            System.err.println(new SiteActionException(action().recipeName(), site, e.getMessage()).getMessage());
            return ExitCodes.CANNOT_RUN;
        }
    }

    private Optional<String> readContext() throws IOException {
        if (context == null) {
            return Optional.empty();
        }
        if (context.text != null) {
            return Optional.of(context.text);
        }
        byte[] bytes = context.file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(context.file));
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    /** The user who ran the command; through sudo, the user behind it. */
    static String caller() {
        String sudoUser = System.getenv("SUDO_USER");
        String user = System.getProperty("user.name", "unknown");
        return sudoUser == null ? user : sudoUser + " (as " + user + ")";
    }
}
