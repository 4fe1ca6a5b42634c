package org.berth.proxy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * The folder a static-files stanza serves, and the one rule that keeps every answer inside it:
 * a path is used only through its real path (every symlink followed), and only when that real
 * path lies under the root's real path. A link inside the root that points elsewhere is then
 * simply not there.
 *
 * @param real the root's real path
 */
record StaticRoot(Path real) {

    /** The root, or empty when its folder does not exist (yet). */
    static Optional<StaticRoot> of(Path root) {
        try {
            Path real = root.toRealPath();
            return Files.isDirectory(real) ? Optional.of(new StaticRoot(real)) : Optional.empty();
        } catch (IOException | InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** {@code path}'s real path, when it exists and lies inside the root. */
    Optional<Path> realInside(Path path) {
        try {
            Path resolved = path.toRealPath();
            return resolved.startsWith(real) ? Optional.of(resolved) : Optional.empty();
        } catch (IOException | InvalidPathException e) {
            // missing, a link loop, no permission: none of them is servable
            return Optional.empty();
        }
    }

    /** {@code path}'s real path and attributes, when it is a regular file or folder inside the root. */
    Optional<Found> find(Path path) {
        return realInside(path).flatMap(StaticRoot::attributes)
                .filter(found -> found.attributes().isRegularFile() || found.attributes().isDirectory());
    }

    /** A regular file inside the root, with its attributes. */
    Optional<Found> findFile(Path path) {
        return find(path).filter(found -> found.attributes().isRegularFile());
    }

    private static Optional<Found> attributes(Path real) {
        try {
            // A real path holds no links; should its last part have been swapped for one since,
            // it now reads as a link — neither file nor folder — and is refused.
            return Optional.of(new Found(real,
                    Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A real path inside the root and its attributes, read once. */
    record Found(Path path, BasicFileAttributes attributes) {
    }
}
