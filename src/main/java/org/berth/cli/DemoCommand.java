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

    @Option(names = "--proxy-port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port of berth's reverse proxy, where the demo app answers (default ${DEFAULT-VALUE}).")
    int proxyPort;

    @Override
    public Integer call() throws Exception {
        LogSetup.serverMode();
        Path folder = dir.toAbsolutePath().normalize();
        Path configFile = writeDemo(folder, port, proxyPort);
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
                  curl -X POST -d 'build 42' %s/deploy/%s      # a site: runs its init recipe the first time
                  curl -X POST -d 'build 43' %s/update/%s
                  ./berth site history %s --config %s
                  cat %s/www/demo.localhost/hello/index.html
                  curl -H 'Host: hello-app.localhost' http://127.0.0.1:%d/   # an app (a Keter bundle in incoming/)
                  ./berth app status hello-app --config %s
                  ./berth app restart hello-app --config %s                  # fresh processes, no downtime
                Stop with Ctrl-C.
                """.formatted(folder, configFile, base, base, SITE, base, SITE, SITE, configFile, folder, proxyPort,
                configFile, configFile));
        return ServerCommand.serve(config);
    }

    static Path writeDemo(Path folder, int port, int proxyPort) throws IOException {
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
                .replace("${PORT}", Integer.toString(port))
                .replace("${PROXY_PORT}", Integer.toString(proxyPort))
                .replace("${JAVA}", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Files.writeString(config, text);
        writeDemoBundle(folder.resolve("state/incoming/hello-app.keter"));
        return config;
    }

    /** The demo app as a real Keter bundle, dropped into incoming/ as a user would. */
    static void writeDemoBundle(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling(".hello-app.keter.part");
        try (var file = Files.newOutputStream(temporary);
             var gzip = new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(file);
             var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(gzip)) {
            addEntry(tar, "config/keter.yaml", resource("demo/app/keter.yaml"), 0644);
            addEntry(tar, "bin/app", resource("demo/app/app"), 0755);
            addEntry(tar, "app/Hello.java", resource("demo/app/Hello.java"), 0644);
        }
        Files.move(temporary, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void addEntry(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar, String name,
                                 byte[] content, int mode) throws IOException {
        var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(mode);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
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
