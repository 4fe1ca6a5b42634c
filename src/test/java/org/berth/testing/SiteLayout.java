package org.berth.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A throw-away Alkane layout (db/, www/, recipes/) in a temporary folder with a berth.yaml
 * using absolute paths, for tests that run berth end to end.
 */
public final class SiteLayout {
    private final Path root;
    private final StringBuilder extraConfig = new StringBuilder();

    public SiteLayout(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(db());
        Files.createDirectories(sites());
        Files.createDirectories(recipes());
    }

    public Path root() {
        return root;
    }

    public Path db() {
        return root.resolve("db");
    }

    public Path sites() {
        return root.resolve("www");
    }

    public Path recipes() {
        return root.resolve("recipes");
    }

    public Path state() {
        return root.resolve("state");
    }

    /** Writes {@code recipes/<site>/<action>} as an executable shell script. */
    public Path recipe(String site, String action, String body) throws IOException {
        return script(recipes().resolve(site).resolve(action), "#!/bin/sh\n" + body + "\n");
    }

    /** Appends raw YAML to the generated config (e.g. an api: block). */
    public SiteLayout config(String yaml) {
        extraConfig.append(yaml).append('\n');
        return this;
    }

    public Path writeConfig() throws IOException {
        Path file = root.resolve("berth.yaml");
        Files.writeString(file, "root: " + state() + "\n"
                + "roots:\n  db: " + db() + "\n  sites: " + sites() + "\n  recipes: " + recipes() + "\n"
                + "site_directory_template: \"%domain%.%tld%/%subdomain%\"\n" + extraConfig);
        return file;
    }

    /** Every regular file under the layout except berth's own state, to prove a refused request created nothing. */
    public List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).filter(path -> !path.startsWith(state())).sorted().forEach(files::add);
        }
        return files;
    }

    public static Path script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
