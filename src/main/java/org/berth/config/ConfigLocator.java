package org.berth.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the configuration file: {@code --config FILE}, then {@code BERTH_CONFIG}, then berth's
 * own paths, then Alkane's, so an existing Alkane server keeps working with its file where it is.
 */
public final class ConfigLocator {
    /** Searched in this order when neither the option nor the variable names a file. */
    public static final List<String> SEARCH_PATH = List.of(
            "berth.yaml",
            "/usr/local/etc/berth.yaml",
            "/etc/berth.yaml",
            ".alkane.conf",
            "/etc/alkane.conf",
            "/usr/local/etc/alkane.conf");

    public static final String ENVIRONMENT_VARIABLE = "BERTH_CONFIG";

    private final Map<String, String> environment;
    private final Path workingDirectory;

    public ConfigLocator(Map<String, String> environment, Path workingDirectory) {
        this.environment = environment;
        this.workingDirectory = workingDirectory;
    }

    public static ConfigLocator fromProcess() {
        return new ConfigLocator(System.getenv(), Path.of("").toAbsolutePath());
    }

    /** The file to load; an explicitly named file must exist, else the search must find one. */
    public Path locate(Optional<Path> explicit) throws ConfigException {
        if (explicit.isPresent()) {
            return mustExist(workingDirectory.resolve(explicit.get()), "--config");
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return mustExist(workingDirectory.resolve(fromEnvironment), ENVIRONMENT_VARIABLE);
        }
        for (String candidate : SEARCH_PATH) {
            Path path = workingDirectory.resolve(candidate);
            if (Files.isRegularFile(path)) {
                return path.normalize();
            }
        }
        throw new ConfigException(new ConfigProblem(null, 0, null,
                "no configuration file found; looked for " + String.join(", ", SEARCH_PATH)
                        + ". Name one with --config FILE or " + ENVIRONMENT_VARIABLE
                        + ", or try the demo with 'berth demo'"));
    }

    private static Path mustExist(Path path, String origin) throws ConfigException {
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(new ConfigProblem(path, 0, null,
                    "file not found (named by " + origin + "); expected a berth.yaml or alkane.conf file"));
        }
        return path.normalize();
    }
}
