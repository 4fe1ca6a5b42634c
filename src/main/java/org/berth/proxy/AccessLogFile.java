package org.berth.proxy;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.berth.applog.LogRotation;

/**
 * {@code access.log} and its rotated predecessors ({@code access.log.1} newest …), rotated by
 * size within a {@link LogRotation} as the app logs are: the file moves to {@code .1} when the
 * next line would not fit, at most {@code maxFiles} files exist, and the oldest are deleted
 * while the rotated files plus a full current one would exceed the total cap. (The app logs'
 * rotating file is private to {@code org.berth.applog}.) Buffered; used by one thread only.
 */
final class AccessLogFile implements AutoCloseable {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path file;
    private final LogRotation rotation;
    private OutputStream out;
    private long size;

    AccessLogFile(Path file, LogRotation rotation) throws IOException {
        this.file = file;
        this.rotation = rotation;
        Files.createDirectories(file.toAbsolutePath().getParent());
        open();
        enforceLimits();
    }

    Path file() {
        return file;
    }

    /** Appends one whole line, newline included; rotates first when it would not fit. */
    void append(byte[] line) throws IOException {
        if (out == null) {
            // A rotation failed half-way; try again with each line.
            open();
        }
        if (size > 0 && size + line.length > rotation.maxFileBytes()) {
            rotate();
        }
        // A line longer than a whole file is cut, so that the limits hold.
        int length = (int) Math.min(line.length, rotation.maxFileBytes());
        out.write(line, 0, length);
        size += length;
    }

    void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }

    private void open() throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), BUFFER_BYTES);
        size = Files.size(file);
    }

    private Path rotated(int index) {
        return file.resolveSibling(file.getFileName() + "." + index);
    }

    private void rotate() throws IOException {
        out.close();
        out = null;
        int oldest = rotation.maxFiles() - 1;
        if (oldest == 0) {
            Files.delete(file);
        } else {
            Files.deleteIfExists(rotated(oldest));
            for (int i = oldest - 1; i >= 1; i--) {
                try {
                    Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
                } catch (NoSuchFileException ignored) {
                    // a gap in the sequence: nothing to shift
                }
            }
            Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
        enforceLimits();
    }

    /** Deletes rotated files beyond the count, and the oldest while the total cap would be exceeded. */
    private void enforceLimits() throws IOException {
        long budget = rotation.maxTotalBytes() - Math.max(size, rotation.maxFileBytes());
        long used = 0;
        int keep = 1;
        for (; keep < rotation.maxFiles(); keep++) {
            Path rotated = rotated(keep);
            if (!Files.exists(rotated) || used + Files.size(rotated) > budget) {
                break;
            }
            used += Files.size(rotated);
        }
        // Everything from the first file over a limit on goes, including leftovers of a larger maxFiles.
        int index = keep;
        while (Files.deleteIfExists(rotated(index)) || index < rotation.maxFiles()) {
            index++;
        }
    }
}
