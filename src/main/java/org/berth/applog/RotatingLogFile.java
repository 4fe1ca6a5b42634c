package org.berth.applog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One log file and its rotated predecessors ({@code name.1} newest … {@code name.N} oldest),
 * kept within a {@link LogRotation}. Used by the app logs (unbuffered: each line reaches the file
 * at once) and the proxy's access log (buffered, flushed by its writer). Not thread-safe: callers
 * serialise access.
 */
public final class RotatingLogFile implements AutoCloseable {
    private final Path file;
    private final LogRotation rotation;
    private final int bufferBytes;
    private OutputStream out;
    private long size;

    RotatingLogFile(Path file, LogRotation rotation) throws IOException {
        this(file, rotation, 0);
    }

    private RotatingLogFile(Path file, LogRotation rotation, int bufferBytes) throws IOException {
        this.file = file;
        this.rotation = rotation;
        this.bufferBytes = bufferBytes;
        Files.createDirectories(file.toAbsolutePath().getParent());
        open();
        // The limits may have shrunk since the files were written.
        enforceLimits();
    }

    /** A file whose lines are buffered until {@link #flush()}, for busy logs such as the access log. */
    public static RotatingLogFile buffered(Path file, LogRotation rotation, int bufferBytes) throws IOException {
        return new RotatingLogFile(file, rotation, bufferBytes);
    }

    public Path file() {
        return file;
    }

    /** The current file first, then the rotated ones from newest to oldest, as far as they exist. */
    List<Path> filesNewestFirst() {
        List<Path> files = new ArrayList<>();
        files.add(file);
        for (int i = 1; i < rotation.maxFiles(); i++) {
            Path rotated = rotated(i);
            if (!Files.exists(rotated)) {
                break;
            }
            files.add(rotated);
        }
        return files;
    }

    /** Appends one whole line (with its newline); rotates first if it would not fit. */
    public void append(byte[] line) throws IOException {
        if (out == null) {
            // A rotation failed half-way; try again with each line.
            open();
        }
        if (size > 0 && size + line.length > rotation.maxFileBytes()) {
            rotate();
        }
        // A single line longer than a whole file is cut so that the limits still hold.
        int length = (int) Math.min(line.length, rotation.maxFileBytes());
        out.write(line, 0, length);
        size += length;
    }

    public void flush() throws IOException {
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
        OutputStream stream = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        out = bufferBytes > 0 ? new java.io.BufferedOutputStream(stream, bufferBytes) : stream;
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
                moveIfExists(rotated(i), rotated(i + 1));
            }
            Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
        enforceLimits();
    }

    /**
     * Deletes rotated files beyond the file count, and the oldest ones while the rotated files
     * plus a full current file would exceed the total cap — so the cap holds at every moment,
     * not only right after a rotation.
     */
    private void enforceLimits() throws IOException {
        long budget = rotation.maxTotalBytes() - Math.max(size, rotation.maxFileBytes());
        long used = 0;
        int index = 1;
        for (; index < rotation.maxFiles(); index++) {
            Path rotated = rotated(index);
            long length = sizeOrMinusOne(rotated);
            if (length < 0) {
                break;
            }
            if (used + length > budget) {
                break;
            }
            used += length;
        }
        // Everything from here on is over a limit, including files a larger maxFiles once left.
        for (int i = index; ; i++) {
            if (!Files.deleteIfExists(rotated(i)) && i >= rotation.maxFiles()) {
                break;
            }
        }
    }

    private static long sizeOrMinusOne(Path path) throws IOException {
        try {
            return Files.size(path);
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    private static void moveIfExists(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException ignored) {
            // a gap in the sequence (deleted by hand or by the cap): nothing to shift
        }
    }
}
