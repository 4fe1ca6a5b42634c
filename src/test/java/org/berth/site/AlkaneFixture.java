package org.berth.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/** Copies the Alkane fixture (src/test/resources/alkane) into a temporary folder, recipes executable. */
final class AlkaneFixture {
    private AlkaneFixture() {
    }

    static Path source() {
        try {
            return Path.of(AlkaneFixture.class.getResource("/alkane/alkane.conf").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies the fixture to {@code <target>/alkane} and returns that folder. */
    static Path copyTo(Path target) throws IOException {
        Path source = source();
        Path destination = target.resolve("alkane");
        try (Stream<Path> paths = Files.walk(source)) {
            paths.forEach(path -> {
                Path copy = destination.resolve(source.relativize(path).toString());
                try {
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(path, copy);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        try (Stream<Path> recipes = Files.walk(destination.resolve("recipes"))) {
            for (Path recipe : recipes.filter(Files::isRegularFile).toList()) {
                Files.setPosixFilePermissions(recipe, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        return destination;
    }

    /** Writes an executable script. */
    static Path script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
