package org.berth.applog;

/**
 * How an app's log is rotated. The current file is rotated to {@code .1} (and older files
 * shifted up) when the next line would make it larger than {@code maxFileBytes}; at most
 * {@code maxFiles} files exist, the current one included (Keter: 5 MB × 20); and the oldest
 * rotated files are deleted so that the current file, even when full, plus the rotated ones
 * never exceed {@code maxTotalBytes}.
 */
public record LogRotation(long maxFileBytes, int maxFiles, long maxTotalBytes) {
    public static final long DEFAULT_MAX_FILE_BYTES = 5L * 1024 * 1024;
    public static final int DEFAULT_MAX_FILES = 20;
    public static final LogRotation DEFAULT =
            new LogRotation(DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_FILES, DEFAULT_MAX_FILE_BYTES * DEFAULT_MAX_FILES);

    public LogRotation {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be at least 1, got " + maxFileBytes);
        }
        if (maxFiles < 1) {
            throw new IllegalArgumentException("maxFiles must be at least 1 (the current file), got " + maxFiles);
        }
        if (maxTotalBytes < maxFileBytes) {
            throw new IllegalArgumentException("maxTotalBytes (" + maxTotalBytes
                    + ") must be at least maxFileBytes (" + maxFileBytes + ")");
        }
    }
}
