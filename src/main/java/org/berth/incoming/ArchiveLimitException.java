package org.berth.incoming;

import java.io.IOException;

/**
 * A limit reached deep inside the stream stack (while the decompressor or the tar reader is
 * reading). It is an IOException only so that it passes through Commons Compress unchanged;
 * {@link BundleStream} turns it into a refusal of the bundle.
 */
final class ArchiveLimitException extends IOException {
    ArchiveLimitException(String reason) {
        super(reason);
    }
}
