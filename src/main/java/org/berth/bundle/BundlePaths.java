package org.berth.bundle;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.berth.config.ConfigProblem;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Paths in a bundle config. Keter joins a relative {@code exec} or static {@code root} to the
 * directory of the config file ({@code config/}), hence the usual {@code exec: ../dist/bin/app};
 * an absolute path stays as it is.
 */
public final class BundlePaths {
    private BundlePaths() {
    }

    /**
     * Warns about every {@code exec} and static {@code root} that lies outside the bundle. Not an
     * error: {@code exec: /usr/bin/python3} is legitimate. The check is lexical (after removing
     * {@code ..}); links inside the bundle are the unpacker's concern.
     *
     * @param configFile the file the stanzas came from, named in the warnings
     */
    public static List<ConfigProblem> outsideBundle(BundleConfig config, Path configFile, Path bundleRoot) {
        Path root = bundleRoot.toAbsolutePath().normalize();
        List<ConfigProblem> problems = new ArrayList<>();
        for (Stanza stanza : config.stanzas()) {
            switch (stanza) {
                case WebAppStanza web -> check(problems, configFile, web.line(), "exec", web.exec(), root);
                case BackgroundStanza back -> check(problems, configFile, back.line(), "exec", back.exec(), root);
                case StaticFilesStanza files -> check(problems, configFile, files.line(), "root", files.root(), root);
                default -> {
                }
            }
        }
        return List.copyOf(problems);
    }

    private static void check(List<ConfigProblem> problems, Path file, int line, String key, Path path, Path root) {
        if (!path.toAbsolutePath().normalize().startsWith(root)) {
            problems.add(new ConfigProblem(file, line, key, path + " lies outside the bundle (" + root
                    + "): it must exist on the server, and a new version of the bundle does not replace it"));
        }
    }

    /** Reads a path key and resolves it as Keter does; empty after reporting when it is no usable path. */
    static Optional<Path> read(Fields fields, String key, Path configDir, String expected) {
        return fields.requiredText(key, expected)
                .flatMap(text -> resolve(fields, fields.value(key).orElseThrow(), fields.keyPath(key), text, configDir));
    }

    static Optional<Path> resolve(Fields fields, Node at, String keyPath, String text, Path configDir) {
        if (text.isEmpty()) {
            fields.error(at, keyPath, "expected a path, found empty text");
            return Optional.empty();
        }
        try {
            Path path = Path.of(text);
            return Optional.of((path.isAbsolute() ? path : configDir.resolve(path)).normalize());
        } catch (InvalidPathException e) {
            fields.error(at, keyPath, "expected a path, found \"" + text + "\": " + e.getReason());
            return Optional.empty();
        }
    }

    /** A path as shown to people: relative to the bundle root when inside it, else absolute. */
    static String display(Path path, Path bundleRoot) {
        Path root = bundleRoot.toAbsolutePath().normalize();
        Path absolute = path.toAbsolutePath().normalize();
        if (absolute.equals(root)) {
            return ".";
        }
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
    }

    /** The string Keter compares when it sorts legacy static hosts: the config dir joined with the root. */
    static String keterJoined(Path configDir, String written) {
        return written.startsWith("/") ? written : configDir + "/" + written;
    }
}
