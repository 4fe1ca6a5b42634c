package org.berth.incoming;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks a bundle ({@code .keter}, {@code .tar.gz}, {@code .tgz}: a gzipped tar) into a fresh
 * release folder, refusing anything that could reach outside that folder or swamp the server.
 * Either the whole bundle is unpacked, or nothing is left: on any failure the release folder
 * is removed again.
 */
public final class BundleUnpacker {
    private static final Logger log = LoggerFactory.getLogger(BundleUnpacker.class);
    private static final int COPY_BUFFER_BYTES = 64 * 1024;

    private final UnpackLimits limits;

    public BundleUnpacker() {
        this(UnpackLimits.DEFAULTS);
    }

    public BundleUnpacker(UnpackLimits limits) {
        this.limits = limits;
    }

    public UnpackLimits limits() {
        return limits;
    }

    /**
     * Unpacks {@code bundle} into {@code releaseDir}, which must not exist yet (its parent is
     * created if needed) or be an empty folder. On any failure {@code releaseDir} is removed,
     * also when the caller had created it: a half-unpacked release is never left to be run.
     *
     * @throws BundleRejectedException the bundle is unsafe, over a limit, truncated or not a gzipped tar
     * @throws IOException our own disk failed (reading the bundle, writing the release)
     */
    public UnpackResult unpack(Path bundle, Path releaseDir) throws IOException, BundleRejectedException {
        createEmptyFolder(releaseDir);
        boolean complete = false;
        try {
            UnpackResult result = unpackInto(bundle, releaseDir);
            complete = true;
            log.debug("unpacked {} into {}: {} entries, {} bytes", bundle, releaseDir, result.entries(), result.bytes());
            return result;
        } finally {
            if (!complete) {
                removeQuietly(releaseDir);
            }
        }
    }

    private UnpackResult unpackInto(Path bundle, Path releaseDir) throws IOException, BundleRejectedException {
        try (BundleStream stream = BundleStream.open(bundle, limits.maxCompressionRatio())) {
            ReleaseWriter writer = new ReleaseWriter(releaseDir);
            int entries = 0;
            long bytes = 0;
            for (TarArchiveEntry entry = stream.next(); entry != null; entry = stream.next()) {
                String name = stream.rawName(entry);
                try {
                    if (++entries > limits.maxEntries()) {
                        throw new Refusal("the bundle holds more than the limit of " + limits.maxEntries() + " entries");
                    }
                    bytes += extract(stream, writer, entry, name, bytes);
                } catch (Refusal refusal) {
                    throw refusal.about(name);
                }
            }
            stream.finish();
            writer.verifyLinks();
            return new UnpackResult(releaseDir, entries, bytes, stream.sha256());
        } catch (Refusal refusal) {
            throw new BundleRejectedException(bundle, refusal.entry(), refusal.reason());
        }
    }

    /** Creates one entry; returns the bytes of content it accounts for. */
    private long extract(BundleStream stream, ReleaseWriter writer, TarArchiveEntry entry, String name, long bytesSoFar)
            throws IOException, Refusal {
        EntryPath path = EntryPath.parse(name, "its path");
        if (entry.isDirectory()) {
            writer.directory(path);
        } else if (entry.isSymbolicLink()) {
            writer.symlink(path, entry.getLinkName());
        } else if (entry.isLink()) {
            writer.hardLink(path, EntryPath.parse(entry.getLinkName(), "its hard link target"));
        } else if (isRegularFile(entry)) {
            return copyFile(stream, writer, entry, path, bytesSoFar);
        } else {
            throw new Refusal(describeType(entry) + "; a bundle may hold only files, folders and links");
        }
        // Tar skips whatever data a folder or link header declares; count it like content.
        long skipped = Math.max(0, entry.getSize());
        requireWithinByteLimit(bytesSoFar + skipped);
        return skipped;
    }

    private long copyFile(BundleStream stream, ReleaseWriter writer, TarArchiveEntry entry, EntryPath path,
            long bytesSoFar) throws IOException, Refusal {
        requireWithinByteLimit(bytesSoFar + entry.getSize()); // fail fast on an honest header; the loop trusts none
        long written = 0;
        byte[] buffer = new byte[COPY_BUFFER_BYTES];
        try (OutputStream out = writer.newFile(path)) {
            for (int n = stream.read(buffer); n >= 0; n = stream.read(buffer)) {
                written += n;
                requireWithinByteLimit(bytesSoFar + written);
                stream.checkWritten(bytesSoFar + written);
                out.write(buffer, 0, n);
            }
        }
        writer.finishFile(path, FileModes.forFile(entry.getMode()), entry.getLastModifiedTime());
        return written;
    }

    private void requireWithinByteLimit(long totalBytes) throws Refusal {
        if (totalBytes > limits.maxBytes()) {
            throw new Refusal("the bundle unpacks to more than the limit of " + humanBytes(limits.maxBytes()));
        }
    }

    /** Regular files only: Commons Compress's isFile() is also true for devices and FIFOs. */
    private static boolean isRegularFile(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG;
    }

    private static String describeType(TarArchiveEntry entry) {
        if (entry.isCharacterDevice()) {
            return "it is a character device";
        }
        if (entry.isBlockDevice()) {
            return "it is a block device";
        }
        if (entry.isFIFO()) {
            return "it is a FIFO (named pipe)";
        }
        if (entry.isGNUSparse()) {
            return "it is an old-style GNU sparse file";
        }
        char flag = (char) entry.getLinkFlag();
        return "its type '" + (Character.isISOControl(flag) ? "\\" + (int) flag : String.valueOf(flag))
                + "' is not a file, folder or link";
    }

    static String humanBytes(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < units.length - 1 && bytes % (1L << (10 * (unit + 1))) == 0) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : (long) value + " " + units[unit] + " (" + bytes + " bytes)";
    }

    private static void createEmptyFolder(Path releaseDir) throws IOException {
        if (Files.exists(releaseDir, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(releaseDir, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(releaseDir.toString(), null, "release folder exists and is not a folder");
            }
            try (Stream<Path> children = Files.list(releaseDir)) {
                if (children.findAny().isPresent()) {
                    throw new DirectoryNotEmptyException(releaseDir.toString());
                }
            }
        } else {
            Path parent = releaseDir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(releaseDir);
        }
        Files.setPosixFilePermissions(releaseDir, FileModes.DIRECTORY);
    }

    /** Runs while another failure is on its way out; a leftover folder must not hide it. */
    private static void removeQuietly(Path releaseDir) {
        try {
            removeTree(releaseDir);
        } catch (IOException e) {
            log.warn("could not remove the partly unpacked release folder {}: {}", releaseDir, e.toString());
        }
    }

    /** Deletes a tree without following links, so a link in it never takes anything outside along. */
    static void removeTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
