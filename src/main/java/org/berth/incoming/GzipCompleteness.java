package org.berth.incoming;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Tells whether a gzip file has been written to its end: it inflates the whole file and lets
 * the decompressor check each member's trailer (CRC-32 and length). A copy in progress ends
 * early; a file that was never gzip fails at once. Uses the same decompressor, with the same
 * settings, as {@link BundleUnpacker}, so both agree on what a complete bundle is.
 */
final class GzipCompleteness {
    enum State { COMPLETE, TRUNCATED, CORRUPT }

    record Verdict(State state, String detail) {}

    private static final int BUFFER_BYTES = 64 * 1024;

    private GzipCompleteness() {}

    /**
     * An unreadable file is CORRUPT too: like a broken one, it only gets better by changing.
     *
     * @throws NoSuchFileException the file is gone already
     */
    static Verdict check(Path file) throws NoSuchFileException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES)) {
            in.mark(2);
            int first = in.read();
            int second = in.read();
            in.reset();
            if (second < 0) {
                return new Verdict(State.TRUNCATED, "it holds fewer than 2 bytes");
            }
            if (first != 0x1f || second != 0x8b) {
                return new Verdict(State.CORRUPT, "it does not start with the gzip signature");
            }
            return inflateToEnd(in);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            return new Verdict(State.CORRUPT, "cannot read it: " + e);
        }
    }

    private static Verdict inflateToEnd(InputStream in) {
        byte[] sink = new byte[BUFFER_BYTES];
        try (InputStream gzip = GzipCompressorInputStream.builder()
                .setInputStream(in).setDecompressConcatenated(true).get()) {
            while (gzip.read(sink) >= 0) {
                // reading to the end is the check
            }
            return new Verdict(State.COMPLETE, "");
        } catch (EOFException e) {
            return new Verdict(State.TRUNCATED, "its gzip data ends early");
        } catch (IOException e) {
            return new Verdict(State.CORRUPT, String.valueOf(e.getMessage()));
        }
    }
}
