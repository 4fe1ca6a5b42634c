package org.berth.incoming;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Builds real .tar.gz bundles, hostile ones included: names are written exactly as given
 * (absolute, with "..") and long names as PAX records, or as GNU long-name entries.
 */
final class TarBuilder {
    private interface Step {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private final List<Step> steps = new ArrayList<>();
    private int longFileMode = TarArchiveOutputStream.LONGFILE_POSIX;

    static TarBuilder tar() {
        return new TarBuilder();
    }

    TarBuilder gnuLongNames() {
        longFileMode = TarArchiveOutputStream.LONGFILE_GNU;
        return this;
    }

    TarBuilder file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    TarBuilder file(String name, byte[] content, int mode) {
        steps.add(tar -> {
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setSize(content.length);
            entry.setMode(mode);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        });
        return this;
    }

    /** A file whose header the caller adjusts first (extra PAX records, say). */
    TarBuilder custom(java.util.function.Consumer<TarArchiveEntry> adjust, String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        steps.add(tar -> {
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setSize(bytes.length);
            adjust.accept(entry);
            tar.putArchiveEntry(entry);
            tar.write(bytes);
            tar.closeArchiveEntry();
        });
        return this;
    }

    /** A file of {@code size} zero bytes, streamed so even gigabytes cost no memory. */
    TarBuilder zeros(String name, long size) {
        steps.add(tar -> {
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setSize(size);
            tar.putArchiveEntry(entry);
            byte[] chunk = new byte[1 << 20];
            for (long left = size; left > 0; left -= chunk.length) {
                tar.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            tar.closeArchiveEntry();
        });
        return this;
    }

    TarBuilder dir(String name, int mode) {
        steps.add(tar -> {
            TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
            entry.setMode(040000 | mode);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        });
        return this;
    }

    TarBuilder symlink(String name, String target) {
        return special(name, TarConstants.LF_SYMLINK, target);
    }

    TarBuilder hardLink(String name, String target) {
        return special(name, TarConstants.LF_LINK, target);
    }

    /** A header-only entry of any type: devices, FIFOs, links. */
    TarBuilder special(String name, byte type, String linkTarget) {
        steps.add(tar -> {
            TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
            if (linkTarget != null) {
                entry.setLinkName(linkTarget);
            }
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        });
        return this;
    }

    Path writeTo(Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeTo(out);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] bytes() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void writeTo(OutputStream out) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            tar.setLongFileMode(longFileMode);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Step step : steps) {
                step.write(tar);
            }
        }
    }
}
