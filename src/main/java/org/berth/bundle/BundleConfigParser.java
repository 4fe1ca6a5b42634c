package org.berth.bundle;

import java.nio.file.Path;
import java.util.List;
import org.berth.config.ConfigException;
import org.berth.config.ConfigProblem;
import org.berth.config.ConfigReport;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * Parses a Keter bundle config ({@code config/keter.yml} or {@code config/keter.yaml}) the way
 * Keter 2.3.5 does, with berth's warnings on top. A top-level {@code stanzas} key, whatever its
 * value, selects the current format; otherwise the file is read in the legacy format.
 *
 * <p>Every error found is reported at once in the {@link ConfigException}; a config that loads
 * carries its warnings in {@link BundleConfig#warnings()}.
 */
public final class BundleConfigParser {
    private BundleConfigParser() {
    }

    /**
     * @param configFile the config file; a relative path is taken inside {@code bundleRoot}
     * @param bundleRoot the unpacked bundle's folder
     */
    public static BundleConfig parse(Path configFile, Path bundleRoot) throws ConfigException {
        Path file = locate(configFile, bundleRoot);
        return build(file, BundleYaml.read(file));
    }

    /** Parses text as if it were {@code configFile}: relative paths resolve against its folder. */
    public static BundleConfig parse(Path configFile, Path bundleRoot, String text) throws ConfigException {
        Path file = locate(configFile, bundleRoot);
        return build(file, BundleYaml.parse(file, text));
    }

    /** Parses raw bytes (e.g. from an archive) as if they were {@code configFile}. */
    public static BundleConfig parse(Path configFile, Path bundleRoot, byte[] bytes) throws ConfigException {
        Path file = locate(configFile, bundleRoot);
        if (bytes.length > BundleYaml.MAX_BYTES) {
            throw BundleYaml.tooLarge(file);
        }
        return build(file, BundleYaml.parse(file, bytes));
    }

    private static Path locate(Path configFile, Path bundleRoot) {
        return configFile.isAbsolute() ? configFile : bundleRoot.resolve(configFile);
    }

    private static BundleConfig build(Path file, MappingNode root) throws ConfigException {
        ConfigReport report = new ConfigReport();
        Fields top = new Fields(file, "", root, report);
        // Keter joins relative paths to the config file's folder: config/ in a bundle.
        Path configDir = file.toAbsolutePath().getParent();
        ParsedBundle parsed = top.has("stanzas")
                ? CurrentFormatReader.read(top, configDir)
                : LegacyFormatReader.read(top, configDir);
        HostShadowing.warn(parsed.stanzas(), top);
        if (parsed.stanzas().isEmpty() && !report.hasErrors()) {
            report.warning(new ConfigProblem(file, 0, null, "no stanzas: this bundle runs and serves nothing"));
        }
        report.throwIfErrors();
        List<Stanza> stanzas = parsed.stanzas().stream().map(ReadStanza::stanza).toList();
        return new BundleConfig(stanzas, parsed.plugins(), report.warnings());
    }
}
