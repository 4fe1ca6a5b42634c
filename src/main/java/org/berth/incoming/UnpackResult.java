package org.berth.incoming;

import java.nio.file.Path;

/**
 * A bundle unpacked into its release folder.
 *
 * @param releaseDir the folder holding the bundle's files (the bundle root)
 * @param entries archive entries processed, folders and links included
 * @param bytes bytes of file content written
 * @param sha256 lower-case hex SHA-256 of the bundle file, computed while reading it, so the
 *     release can be recorded and compared without a second read
 */
public record UnpackResult(Path releaseDir, int entries, long bytes, String sha256) {}
