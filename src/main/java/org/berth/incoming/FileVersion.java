package org.berth.incoming;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * One state of a bundle file. The file key (inode) is part of it so that a new file renamed
 * over the old one counts as new even if size and mtime happen to match (cp -p, rsync -t).
 */
record FileVersion(Path file, long size, FileTime mtime, Object fileKey) {
    /** The file's current version, or null when it is gone or not a regular file. */
    static FileVersion of(Path file) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return null;
            }
            return new FileVersion(file, attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    IncomingBundle toBundle(String appName) {
        return new IncomingBundle(appName, file, size, mtime);
    }
}
