package org.berth.site;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.berth.naming.SiteName;

/** Alkane's record of which sites exist: an empty file {@code <db>/initialized/<site>} after a successful init. */
public final class InitializedMarkers {
    private final Path folder;

    public InitializedMarkers(Path dbRoot) {
        this.folder = dbRoot.resolve("initialized");
    }

    public boolean isInitialized(SiteName site) {
        return Files.exists(folder.resolve(site.value()));
    }

    public void markInitialized(SiteName site) throws IOException {
        Files.createDirectories(folder);
        Path marker = folder.resolve(site.value());
        if (!Files.exists(marker)) {
            Files.createFile(marker);
        }
    }

    /** Names of every marked site (files whose name is a valid site name). */
    public java.util.List<SiteName> all() {
        if (!Files.isDirectory(folder)) {
            return java.util.List.of();
        }
        try (var files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(SiteName::isValid).map(SiteName::parse).sorted(java.util.Comparator.comparing(SiteName::value))
                    .toList();
        } catch (IOException e) {
            return java.util.List.of();
        }
    }
}
