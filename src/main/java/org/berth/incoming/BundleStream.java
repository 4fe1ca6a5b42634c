package org.berth.incoming;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The reading side of an unpack: bundle file → SHA-256 → gzip → {@link InflationGuard} → tar.
 * It sorts failures into two kinds: the archive is bad (a {@link Refusal}: truncated, corrupt,
 * not gzip, too inflated) or our disk failed to read it (an IOException, passed on as is).
 */
final class BundleStream implements Closeable {
    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;
    private static final int BUFFER_BYTES = 64 * 1024;

    private final DiskReads disk;
    private final MessageDigest sha256;
    private final InputStream compressed;
    private final InflationGuard inflated;
    private final RawNameTarInputStream tar;

    private BundleStream(DiskReads disk, MessageDigest sha256, InputStream compressed, InflationGuard inflated) {
        this.disk = disk;
        this.sha256 = sha256;
        this.compressed = compressed;
        this.inflated = inflated;
        this.tar = new RawNameTarInputStream(inflated);
    }

    static BundleStream open(Path bundle, int maxCompressionRatio) throws IOException, Refusal {
        MessageDigest sha256 = newSha256();
        DiskReads disk = new DiskReads(Files.newInputStream(bundle), sha256);
        try {
            InputStream compressed = new BufferedInputStream(disk, BUFFER_BYTES);
            requireGzipSignature(compressed);
            GzipCompressorInputStream gzip = openGzip(disk, compressed);
            InflationGuard guard = new InflationGuard(gzip, gzip::getCompressedCount, maxCompressionRatio);
            return new BundleStream(disk, sha256, compressed, guard);
        } catch (IOException | Refusal | RuntimeException e) {
            disk.close();
            throw e;
        }
    }

    /** The next real entry (PAX and long-name records are folded in), or null at the end. */
    TarArchiveEntry next() throws IOException, Refusal {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw translate(disk, e);
        }
    }

    /** Content of the current entry, as {@link InputStream#read(byte[])}. */
    int read(byte[] buffer) throws IOException, Refusal {
        try {
            return tar.read(buffer);
        } catch (IOException e) {
            throw translate(disk, e);
        }
    }

    String rawName(TarArchiveEntry entry) {
        return tar.rawName(entry);
    }

    /** Applies the compression ratio limit to the total bytes written so far. */
    void checkWritten(long writtenBytes) throws Refusal {
        try {
            inflated.checkWritten(writtenBytes);
        } catch (ArchiveLimitException e) {
            throw new Refusal(e.getMessage());
        }
    }

    /**
     * Reads past the tar's end marker to the end of the gzip data, so its CRC and length are
     * checked and the whole file goes through the digest.
     */
    void finish() throws IOException, Refusal {
        byte[] sink = new byte[BUFFER_BYTES];
        try {
            while (inflated.read(sink) >= 0) {
                // only the reading matters
            }
            while (compressed.read(sink) >= 0) {
                // trailing bytes after the gzip data still belong to the file's hash
            }
        } catch (IOException e) {
            throw translate(disk, e);
        }
    }

    String sha256() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    @Override
    public void close() throws IOException {
        disk.close();
    }

    private static void requireGzipSignature(InputStream compressed) throws IOException, Refusal {
        compressed.mark(2);
        int first = compressed.read();
        int second = compressed.read();
        compressed.reset();
        if (first < 0) {
            throw new Refusal("the file is empty");
        }
        if (first != GZIP_MAGIC_0 || second != GZIP_MAGIC_1) {
            throw new Refusal("it is not gzip-compressed; a bundle is a gzipped tar, made e.g. with "
                    + "'tar -czf app.keter config dist'");
        }
    }

    private static GzipCompressorInputStream openGzip(DiskReads disk, InputStream compressed)
            throws IOException, Refusal {
        try {
            // Concatenated members are valid gzip (pigz --independent, cat a.gz b.gz).
            return GzipCompressorInputStream.builder().setInputStream(compressed).setDecompressConcatenated(true).get();
        } catch (IOException e) {
            throw translate(disk, e);
        }
    }

    /** Our disk's failure stays an IOException; everything else the archive is to blame for. */
    private static IOException translate(DiskReads disk, IOException e) throws Refusal {
        if (disk.failure() != null) {
            return disk.failure();
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ArchiveLimitException limit) {
                throw new Refusal(limit.getMessage());
            }
            if (cause instanceof EOFException || String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("truncated")) {
                throw new Refusal("unexpected end of archive: the file is truncated or was not completely copied");
            }
        }
        throw new Refusal("it is not a valid gzipped tar archive (" + e.getMessage() + ")");
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The bundle file's bytes: hashes each byte exactly once (skips are read, not skipped) and
     * remembers a failure of the file itself, which no fix of the bundle would cure.
     */
    private static final class DiskReads extends FilterInputStream {
        private final MessageDigest digest;
        private IOException failure;

        DiskReads(InputStream file, MessageDigest digest) {
            super(file);
            this.digest = digest;
        }

        IOException failure() {
            return failure;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = super.read(buffer, offset, length);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            if (n > 0) {
                digest.update(buffer, offset, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] sink = new byte[(int) Math.min(n, BUFFER_BYTES)];
            int read = read(sink, 0, sink.length);
            return Math.max(read, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
