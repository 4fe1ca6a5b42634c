package org.berth.proxy;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Optional;

/**
 * The folder a static-files stanza serves, and the one rule that keeps every answer inside it:
 * a path is used only through its real path (every symlink followed), and only when that real
 * path lies under the root's real path. A link inside the root that points elsewhere is then
 * simply not there.
 *
 * <p>Where a path leads is remembered for a second ({@link #REMEMBERED}): following every link of
 * a path, and finding that a {@code .br}/{@code .gz} sibling is missing (an exception each), cost
 * more than sending a small file (bench/static). Attributes are still read on every request, so
 * size, ETag and Last-Modified are always current; what can lag by up to a second is a link
 * retargeted inside the root, or a sibling just added or removed. Safety does not lag: a
 * remembered real path was inside the root, and should it have been swapped for a link since, it
 * reads as a link and is refused. A missing original is not remembered: a file just created is
 * served at once.
 *
 * @param real   the root's real path
 * @param recent real paths of the last second by requested path; empty for a missing sibling
 */
record StaticRoot(Path real, Cache<Path, Optional<Path>> recent) {
    static final Duration REMEMBERED = Duration.ofSeconds(1);
    private static final int MAX_REMEMBERED = 4096;

    StaticRoot(Path real) {
        this(real, CacheBuilder.newBuilder().expireAfterWrite(REMEMBERED).maximumSize(MAX_REMEMBERED)
                .<Path, Optional<Path>>build());
    }

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
        return found(path, rememberedReal(path, false));
    }

    /** A regular file inside the root, with its attributes. */
    Optional<Found> findFile(Path path) {
        return find(path).filter(found -> found.attributes().isRegularFile());
    }

    /** The same for a sibling that is usually missing: its absence is remembered too. */
    Optional<Found> findSibling(Path path) {
        return found(path, rememberedReal(path, true)).filter(found -> found.attributes().isRegularFile());
    }

    /** Forgets where paths lead: a file changed under a remembered one. */
    void forget() {
        recent.invalidateAll();
    }

    private Optional<Path> rememberedReal(Path path, boolean rememberMissing) {
        Optional<Path> known = recent.getIfPresent(path);
        if (known == null) {
            known = realInside(path);
            if (known.isPresent() || rememberMissing) {
                recent.put(path, known);
            }
        }
        return known;
    }

    private Optional<Found> found(Path requested, Optional<Path> real) {
        Optional<Found> found = real.flatMap(StaticRoot::attributes)
                .filter(candidate -> candidate.attributes().isRegularFile() || candidate.attributes().isDirectory());
        if (real.isPresent() && found.isEmpty()) {
            // Gone or swapped since it was remembered: look afresh next time.
            recent.invalidate(requested);
        }
        return found;
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
