package org.berth.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Builds real {@code .keter} bundles for tests: a gzipped tar with {@code config/keter.yaml}
 * and whatever files a test adds. {@link #versionApp} makes the usual one: a webapp stanza that
 * runs {@link VersionApp} from the test classpath and answers its version.
 */
public final class BundleBuilder {
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Map<String, Integer> modes = new LinkedHashMap<>();

    public BundleBuilder file(String name, String content, int mode) {
        files.put(name, content.getBytes(StandardCharsets.UTF_8));
        modes.put(name, mode);
        return this;
    }

    public BundleBuilder config(String yaml) {
        return file("config/keter.yaml", yaml, 0644);
    }

    /** A launcher script for VersionApp: this JVM, the test classpath, extra shell lines first. */
    public static String launcher(String extraShell) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return "#!/bin/sh\n" + extraShell + "\nexec " + java + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
                + " -cp '" + System.getProperty("java.class.path") + "' " + VersionApp.class.getName() + " \"$@\"\n";
    }

    /** A bundle with one webapp answering {@code version} on {@code host}; {@code extraStanzaYaml} is indented into the stanza. */
    public static BundleBuilder versionApp(String version, String host, String extraStanzaYaml) {
        return new BundleBuilder()
                .file("bin/app", launcher(""), 0755)
                .config("stanzas:\n"
                        + "  - type: webapp\n"
                        + "    exec: ../bin/app\n"
                        + "    host: " + host + "\n"
                        + "    env:\n"
                        + "      VERSION: \"" + version + "\"\n"
                        + extraStanzaYaml);
    }

    /** Writes the bundle to {@code target} (created atomically: temp file, then rename). */
    public Path writeTo(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling("." + target.getFileName() + ".part");
        try (OutputStream file = Files.newOutputStream(temporary);
             GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> entry : files.entrySet()) {
                TarArchiveEntry tarEntry = new TarArchiveEntry(entry.getKey());
                tarEntry.setSize(entry.getValue().length);
                tarEntry.setMode(modes.get(entry.getKey()));
                tar.putArchiveEntry(tarEntry);
                tar.write(entry.getValue());
                tar.closeArchiveEntry();
            }
        }
        Files.move(temporary, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return target;
    }
}
