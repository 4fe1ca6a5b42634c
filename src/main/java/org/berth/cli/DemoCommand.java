package org.berth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import org.berth.config.BerthConfig;
import org.berth.config.ConfigException;
import org.berth.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth demo}: writes a small, self-contained setup (one site with init and update
 * recipes, a berth.yaml) into a folder and runs the server on it, so a new user sees berth
 * work before configuring anything.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Set up a demo site in a folder and run the server on it (safe: everything stays in that folder).")
final class DemoCommand implements Callable<Integer> {
    static final String SITE = "hello.demo.localhost";

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "demo-data",
            description = "Folder for the demo (default: ./${DEFAULT-VALUE}); reused if it exists.")
    Path dir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "10206", description = "API port (default ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
        LogSetup.serverMode();
        Path folder = dir.toAbsolutePath().normalize();
        Path configFile = writeDemo(folder, port);
        BerthConfig config;
        try {
            config = ConfigLoader.fromProcess().load(configFile);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return ExitCodes.CONFIG;
        }
        String base = "http://127.0.0.1:" + port;
        System.out.println("""
                berth demo in %s (config %s)
                Try, from another terminal:
                  curl %s/status
                  curl -X POST -d 'build 42' %s/deploy/%s      # runs the init recipe the first time
                  curl -X POST -d 'build 43' %s/update/%s
                  curl '%s/api/v1/sites/%s/history'
                  ./berth site history %s --config %s
                  cat %s/www/demo.localhost/hello/index.html
                Stop with Ctrl-C.
                """.formatted(folder, configFile, base, base, SITE, base, SITE, base, SITE, SITE, configFile, folder));
        return ServerCommand.serve(config);
    }

    static Path writeDemo(Path folder, int port) throws IOException {
        Files.createDirectories(folder.resolve("db"));
        Files.createDirectories(folder.resolve("www"));
        Path recipes = folder.resolve("recipes").resolve(SITE);
        Files.createDirectories(recipes);
        for (String recipe : new String[] {"init", "update"}) {
            Path target = recipes.resolve(recipe);
            Files.write(target, resource("demo/recipes/" + SITE + "/" + recipe));
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path config = folder.resolve("berth.yaml");
        String text = new String(resource("demo/berth.yaml"), StandardCharsets.UTF_8)
                .replace("${DIR}", folder.toString())
                .replace("${PORT}", Integer.toString(port));
        Files.writeString(config, text);
        return config;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("demo resource " + name + " is missing from the build");
            }
            return in.readAllBytes();
        }
    }
}
