package org.berth.incoming;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Creates entries inside a release folder without ever following a link in it. Each parent
 * folder of an entry is looked at on its own, and a link where a folder should be is refused,
 * so an archive cannot plant {@code dir -> /tmp} (or any other link) and then write
 * {@code dir/evil} through it. A later entry with the same name replaces an earlier one, as
 * tar does (last wins); only a folder cannot be replaced by a file or link.
 */
final class ReleaseWriter {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Path root;

    ReleaseWriter(Path root) {
        this.root = root;
    }

    void directory(EntryPath path) throws Refusal, IOException {
        if (path.isRoot()) {
            return;
        }
        Path dir = clearFor(path, true);
        if (!Files.isDirectory(dir, NOFOLLOW)) {
            createFolder(dir);
        }
    }

    /** A new, empty file for the entry's content; {@link #finishFile} sets its mode afterwards. */
    OutputStream newFile(EntryPath path) throws Refusal, IOException {
        Path file = clearFor(path, false);
        return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
    }

    void finishFile(EntryPath path, Set<PosixFilePermission> permissions, FileTime modified) throws IOException {
        Path file = path.under(root);
        Files.setPosixFilePermissions(file, permissions);
        Files.setLastModifiedTime(file, modified);
    }

    void symlink(EntryPath path, String target) throws Refusal, IOException {
        LinkContainment.check(root, path.parent(), target);
        Files.createSymbolicLink(clearFor(path, false), Path.of(target));
    }

    /** Tar stores a hard link as "same content as that earlier entry"; it must be a file already unpacked here. */
    void hardLink(EntryPath path, EntryPath target) throws Refusal, IOException {
        Path existing = existingFile(target);
        if (path.equals(target)) {
            return;
        }
        Files.createLink(clearFor(path, false), existing);
    }

    /**
     * Checks every symbolic link in the finished tree. Links are checked as they are created
     * too, but a later entry can change what an earlier link's target resolves through.
     */
    void verifyLinks() throws Refusal, IOException {
        List<Path> links = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isSymbolicLink()) {
                    links.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        for (Path link : links) {
            List<String> segments = new ArrayList<>();
            root.relativize(link).forEach(name -> segments.add(name.toString()));
            EntryPath path = new EntryPath(segments);
            try {
                LinkContainment.check(root, path.parent(), Files.readSymbolicLink(link).toString());
            } catch (Refusal refusal) {
                throw refusal.about(path.toString());
            }
        }
    }

    /**
     * Makes the entry's parent folders and frees its name: a file or link of that name from an
     * earlier entry is deleted; an existing folder stays only when a folder is wanted.
     */
    private Path clearFor(EntryPath path, boolean wantFolder) throws Refusal, IOException {
        if (path.isRoot()) {
            throw new Refusal("it names the bundle root itself, which can only be a folder");
        }
        Path place = ensureFolders(path.parent()).resolve(path.segments().getLast());
        BasicFileAttributes existing = attributesOrNull(place);
        if (existing == null || (existing.isDirectory() && wantFolder)) {
            return place;
        }
        if (existing.isDirectory()) {
            throw new Refusal(BundleRejectedException.shown(path.toString())
                    + " is already a folder in this bundle and cannot be replaced by a file or link");
        }
        Files.delete(place);
        return place;
    }

    private Path ensureFolders(EntryPath folders) throws Refusal, IOException {
        Path current = root;
        List<String> walked = new ArrayList<>();
        for (String segment : folders.segments()) {
            current = current.resolve(segment);
            walked.add(segment);
            BasicFileAttributes attributes = attributesOrNull(current);
            if (attributes == null) {
                createFolder(current);
            } else if (attributes.isSymbolicLink()) {
                throw new Refusal("its folder " + BundleRejectedException.shown(String.join("/", walked))
                        + " is a symbolic link; berth does not write through links");
            } else if (!attributes.isDirectory()) {
                throw new Refusal("its folder " + BundleRejectedException.shown(String.join("/", walked))
                        + " is a file earlier in the bundle");
            }
        }
        return current;
    }

    private Path existingFile(EntryPath target) throws Refusal, IOException {
        if (target.isRoot()) {
            throw new Refusal("hard link target is the bundle root, not a file");
        }
        Path current = root;
        for (int i = 0; i < target.segments().size(); i++) {
            current = current.resolve(target.segments().get(i));
            BasicFileAttributes attributes = attributesOrNull(current);
            boolean last = i == target.segments().size() - 1;
            boolean fits = attributes != null && (last ? attributes.isRegularFile() : attributes.isDirectory());
            if (!fits) {
                throw new Refusal("hard link target " + BundleRejectedException.shown(target.toString())
                        + " is not a file earlier in the bundle");
            }
        }
        return current;
    }

    private static void createFolder(Path dir) throws IOException {
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, FileModes.DIRECTORY);
    }

    private static BasicFileAttributes attributesOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
