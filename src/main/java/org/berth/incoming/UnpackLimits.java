package org.berth.incoming;

/**
 * How much a bundle may expand to. The limits guard the server's disk and CPU against a bundle
 * that is hostile or simply wrong (a build that packed its cache): each is checked while
 * unpacking, on the bytes actually produced, never on sizes the archive claims.
 *
 * @param maxBytes total bytes of file content the bundle may unpack to
 * @param maxEntries number of archive entries (files, folders, links)
 * @param maxCompressionRatio how many times larger than the compressed bundle the unpacked tar
 *     stream may grow; a gzip bomb expands about 1000-fold, real bundles 2- to 20-fold
 */
public record UnpackLimits(long maxBytes, int maxEntries, int maxCompressionRatio) {
    /** 1 GiB, 100 000 entries, ratio 200. */
    public static final UnpackLimits DEFAULTS = new UnpackLimits(1L << 30, 100_000, 200);

    public UnpackLimits {
        if (maxBytes <= 0 || maxEntries <= 0 || maxCompressionRatio <= 0) {
            throw new IllegalArgumentException("unpack limits must be positive, got maxBytes=" + maxBytes
                    + ", maxEntries=" + maxEntries + ", maxCompressionRatio=" + maxCompressionRatio);
        }
    }
}
