package org.berth.bundle;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.berth.config.ConfigException;
import org.berth.config.ConfigProblem;

/**
 * Reads the config file out of a bundle (a gzipped tar) without unpacking anything else. Like
 * Keter, {@code config/keter.yml} is preferred over {@code config/keter.yaml}.
 */
final class BundleArchive {
    static final List<String> CONFIG_NAMES = List.of("config/keter.yml", "config/keter.yaml");

    /** The config's name inside the archive and its bytes. */
    record ConfigEntry(String name, byte[] bytes) {
    }

    private BundleArchive() {
    }

    static ConfigEntry readConfig(Path archive) throws ConfigException {
        Map<String, byte[]> found = scan(archive);
        for (String name : CONFIG_NAMES) {
            if (found.containsKey(name)) {
                return new ConfigEntry(name, found.get(name));
            }
        }
        throw problem(archive, "the bundle has neither config/keter.yml nor config/keter.yaml;"
                + " a Keter bundle keeps its configuration there");
    }

    private static Map<String, byte[]> scan(Path archive) throws ConfigException {
        Map<String, byte[]> found = new HashMap<>();
        try (InputStream file = Files.newInputStream(archive);
             TarArchiveInputStream tar = new TarArchiveInputStream(GzipCompressorInputStream.builder()
                     .setInputStream(new BufferedInputStream(file))
                     .setDecompressConcatenated(true)
                     .get())) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entryName(entry.getName());
                if (CONFIG_NAMES.contains(name)) {
                    // A later entry of the same name wins when tar unpacks, so it wins here too.
                    found.put(name, read(archive, tar, entry, name));
                }
            }
        } catch (NoSuchFileException e) {
            throw problem(archive, "file not found");
        } catch (IOException e) {
            throw problem(archive, "cannot read it as a bundle (a gzipped tar archive): " + e.getMessage());
        }
        return found;
    }

    private static byte[] read(Path archive, TarArchiveInputStream tar, TarArchiveEntry entry, String name)
            throws IOException, ConfigException {
        if (!isRegularFile(entry)) {
            throw problem(archive, name + " in the bundle is a link or a special file; expected a regular file");
        }
        if (entry.getSize() > BundleYaml.MAX_BYTES) {
            throw BundleYaml.tooLarge(archive.resolve(name));
        }
        return tar.readAllBytes();
    }

    /** {@code TarArchiveEntry.isFile()} is true for symbolic links too, so ask about every other kind. */
    private static boolean isRegularFile(TarArchiveEntry entry) {
        return entry.isFile() && !entry.isSymbolicLink() && !entry.isLink() && !entry.isDirectory()
                && !entry.isCharacterDevice() && !entry.isBlockDevice() && !entry.isFIFO();
    }

    /** Tar names often start with "./" (tar -C dir .); Keter unpacks them to the same place. */
    static String entryName(String raw) {
        String name = raw;
        while (name.startsWith("./") || name.startsWith("/")) {
            name = name.substring(name.startsWith("./") ? 2 : 1);
        }
        return name;
    }

    private static ConfigException problem(Path archive, String message) {
        return new ConfigException(new ConfigProblem(archive, 0, null, message));
    }
}
