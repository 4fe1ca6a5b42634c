package org.berth.incoming;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists {@code incoming/}: the current bundle file of each app. Files that look like bundles
 * but cannot be used are skipped with a warning naming the file, given once while the file
 * stays (a rescan every few seconds must not repeat it).
 */
final class IncomingFolder {
    private static final Logger log = LoggerFactory.getLogger(IncomingFolder.class);

    private final Path dir;
    private final Set<String> warnedFiles = new HashSet<>();

    IncomingFolder(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** App name → its bundle file's current version, sorted by app name. */
    Map<String, FileVersion> list() throws IOException {
        Map<String, List<BundleFileName>> candidates = new TreeMap<>();
        Set<String> present = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                present.add(fileName);
                BundleFileName.parse(fileName).ifPresent(name -> {
                    if (name.hasValidAppName()) {
                        candidates.computeIfAbsent(name.appName(), app -> new ArrayList<>()).add(name);
                    } else {
                        warnOnce(fileName, "'" + name.appName() + "' is not a valid app name (1 to 63 letters, digits,"
                                + " '.', '_' or '-', starting with a letter or digit)");
                    }
                });
            }
        }
        warnedFiles.retainAll(present);
        Map<String, FileVersion> bundles = new TreeMap<>();
        for (Map.Entry<String, List<BundleFileName>> app : candidates.entrySet()) {
            FileVersion version = choose(app.getKey(), app.getValue());
            if (version != null) {
                bundles.put(app.getKey(), version);
            }
        }
        return bundles;
    }

    /** One bundle per app; with blog.keter and blog.tgz both present, .keter wins. */
    private FileVersion choose(String app, List<BundleFileName> names) throws IOException {
        names.sort(Comparator.comparingInt(BundleFileName::preference));
        FileVersion chosen = null;
        String chosenName = null;
        for (BundleFileName name : names) {
            Path file = dir.resolve(name.fileName());
            if (chosen != null) {
                warnOnce(name.fileName(), "app " + app + " already has the bundle " + chosenName);
                continue;
            }
            FileVersion version = FileVersion.of(file);
            if (version != null) {
                chosen = version;
                chosenName = name.fileName();
            } else if (Files.exists(file)) {
                warnOnce(name.fileName(), "it is not a regular file");
            }
        }
        return chosen;
    }

    private void warnOnce(String fileName, String why) {
        if (warnedFiles.add(fileName)) {
            log.warn("ignoring {}: {}", dir.resolve(fileName), why);
        }
    }
}
