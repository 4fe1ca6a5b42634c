package org.berth.bundle;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.berth.config.ConfigProblem;

/**
 * What {@link BundleCheck} found in a bundle or config file that loads.
 *
 * @param source     the file that was checked
 * @param appName    the app name for a bundle (its file name without {@code .keter}); empty for a bare config
 * @param configFile the config file read; inside an archive, the archive path joined with the entry name
 * @param bundleRoot the bundle's root (for an archive, the archive path itself)
 * @param warnings   the parser's warnings, then those about paths outside the bundle
 */
public record CheckResult(
        Path source,
        Optional<String> appName,
        Path configFile,
        Path bundleRoot,
        BundleConfig config,
        List<ConfigProblem> warnings) {

    public CheckResult {
        warnings = List.copyOf(warnings);
    }
}
