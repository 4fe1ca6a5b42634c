package org.berth.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.berth.config.ConfigException;
import org.berth.config.ConfigProblem;

/**
 * Checks a bundle ({@code .keter}, {@code .tar.gz}, {@code .tgz}, or any gzip file) or a bare
 * {@code keter.yaml} without running or unpacking anything: parses the config as a deploy would
 * and adds warnings about programs and roots outside the bundle. Backs {@code berth app check}.
 */
public final class BundleCheck {
    private static final List<String> ARCHIVE_SUFFIXES = List.of(".keter", ".tar.gz", ".tgz");

    private BundleCheck() {
    }

    /** @throws ConfigException when the file cannot be read or the bundle would be refused */
    public static CheckResult check(Path file) throws ConfigException {
        Path source = file.toAbsolutePath().normalize();
        return isArchive(source) ? archive(source) : config(source);
    }

    private static CheckResult archive(Path archive) throws ConfigException {
        BundleArchive.ConfigEntry entry = BundleArchive.readConfig(archive);
        Path configFile = archive.resolve(entry.name());
        BundleConfig config = BundleConfigParser.parse(configFile, archive, entry.bytes());
        return result(archive, Optional.of(appName(archive)), configFile, archive, config);
    }

    private static CheckResult config(Path configFile) throws ConfigException {
        Path bundleRoot = bundleRootOf(configFile);
        BundleConfig config = BundleConfigParser.parse(configFile, bundleRoot);
        return result(configFile, Optional.empty(), configFile, bundleRoot, config);
    }

    private static CheckResult result(Path source, Optional<String> app, Path configFile, Path bundleRoot,
                                      BundleConfig config) {
        List<ConfigProblem> warnings = new ArrayList<>(config.warnings());
        warnings.addAll(BundlePaths.outsideBundle(config, configFile, bundleRoot));
        return new CheckResult(source, app, configFile, bundleRoot, config, warnings);
    }

    /** A config in a folder named config/ belongs to the bundle above it; otherwise its own folder is the root. */
    static Path bundleRootOf(Path configFile) {
        Path folder = configFile.getParent();
        boolean inConfig = folder.getFileName() != null && folder.getFileName().toString().equals("config")
                && folder.getParent() != null;
        return inConfig ? folder.getParent() : folder;
    }

    /** By name, or by the gzip magic number for a bundle saved under another name. */
    static boolean isArchive(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (ARCHIVE_SUFFIXES.stream().anyMatch(name::endsWith)) {
            return true;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException e) {
            return false; // the YAML reader reports the unreadable file
        }
    }

    /** Keter names an app after its bundle file: {@code foo.keter} is app {@code foo}. */
    static String appName(Path archive) {
        String name = archive.getFileName().toString();
        for (String suffix : ARCHIVE_SUFFIXES) {
            if (name.toLowerCase(Locale.ROOT).endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }
}
