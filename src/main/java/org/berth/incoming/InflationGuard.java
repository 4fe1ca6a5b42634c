package org.berth.incoming;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * Stops a bundle the moment its output has grown more than the allowed ratio beyond the
 * compressed bytes consumed so far. It watches two counts: what the decompressor produces
 * (headers, padding and skipped entries included, so a lying tar header gets nothing past it)
 * and, via {@link #checkWritten}, the bytes written to disk (which a sparse entry can make larger
 * than what was inflated).
 */
final class InflationGuard extends FilterInputStream {
    /**
     * Below this, ratios mean nothing: the smallest tar is a 10 KiB record of mostly zeros that
     * gzip packs into a few dozen bytes.
     */
    static final long GRACE_BYTES = 1L << 20;

    private final LongSupplier compressedBytes;
    private final int maxRatio;
    private long inflatedBytes;

    InflationGuard(InputStream decompressed, LongSupplier compressedBytes, int maxRatio) {
        super(decompressed);
        this.compressedBytes = compressedBytes;
        this.maxRatio = maxRatio;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            inflatedBytes++;
            check(inflatedBytes);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            inflatedBytes += n;
            check(inflatedBytes);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping still inflates: route it through read so it is counted.
        byte[] sink = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        long skipped = 0;
        while (skipped < n) {
            int read = read(sink, 0, (int) Math.min(sink.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    /** The same limit, applied to the total bytes written to disk so far. */
    void checkWritten(long writtenBytes) throws ArchiveLimitException {
        check(writtenBytes);
    }

    private void check(long producedBytes) throws ArchiveLimitException {
        long compressed = Math.max(1, compressedBytes.getAsLong());
        if (producedBytes > GRACE_BYTES && producedBytes > maxRatio * compressed) {
            throw new ArchiveLimitException("the archive expands more than " + maxRatio + "-fold while unpacking ("
                    + producedBytes + " bytes from " + compressed + " compressed; limit: compression ratio " + maxRatio
                    + "); this looks like a compression bomb");
        }
    }
}
