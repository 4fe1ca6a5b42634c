package org.berth.proxy;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.RemovalNotification;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Optional;

/**
 * The bodies of small static files, kept in memory. For a 16 KiB file, opening it, sending it with
 * sendfile and closing it cost berth more than the whole answer costs nginx (bench/static); from
 * memory the body goes out with the head in one write. Large files still go zero-copy from disk.
 *
 * <p>Never stale: an entry is used only when the file's size and modification time (to the
 * microsecond, as in its ETag) are still what they were when it was read, and the resolver reads
 * those afresh for every request. What was read is checked against the attributes read after it,
 * so a file changing while it is read is not kept. Bounded to {@link #MAX_BYTES} in all; entries
 * unused for {@link #UNUSED} go.
 */
final class StaticContentCache {
    /** Files up to this size are kept. */
    static final int MAX_FILE_BYTES = 64 * 1024;
    /** All kept bodies together. */
    static final long MAX_BYTES = 16L * 1024 * 1024;
    private static final Duration UNUSED = Duration.ofMinutes(2);

    /** One file's body and the ETag (size and time) it was read under. */
    private record Body(String etag, ByteBuf content) {
    }

    private final Cache<Path, Body> bodies = CacheBuilder.newBuilder()
            .maximumWeight(MAX_BYTES)
            .weigher((Path path, Body body) -> body.content().capacity())
            .expireAfterAccess(UNUSED)
            .removalListener((RemovalNotification<Path, Body> removed) -> removed.getValue().content().release())
            .build();

    /**
     * The bytes {@code file} asks for, from memory (a retained slice the caller sends), or empty
     * when the file is too large or changes while it is read.
     */
    Optional<ByteBuf> body(StaticFileResult.ServeFile file) {
        if (file.totalSize() > MAX_FILE_BYTES) {
            return Optional.empty();
        }
        Body body = bodies.getIfPresent(file.file());
        if (body == null || !body.etag().equals(file.etag())) {
            body = read(file).orElse(null);
            if (body == null) {
                return Optional.empty();
            }
            bodies.put(file.file(), body);
        }
        // A removal can release the entry at any time, so the slice is retained under a check.
        try {
            return Optional.of(body.content().retainedSlice((int) file.offset(), (int) file.length()));
        } catch (io.netty.util.IllegalReferenceCountException released) {
            return Optional.empty();
        }
    }

    private static Optional<Body> read(StaticFileResult.ServeFile file) {
        ByteBuf content = Unpooled.directBuffer((int) file.totalSize());
        try (FileChannel channel = FileChannel.open(file.file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (content.isWritable()) {
                if (content.writeBytes(channel, content.writerIndex(), content.writableBytes()) < 0) {
                    break;
                }
            }
            BasicFileAttributes after = Files.readAttributes(file.file(), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            String etagAfter = StaticConditions.etag(after.size(), after.lastModifiedTime(), file.contentEncoding());
            if (content.isWritable() || !etagAfter.equals(file.etag())) {
                content.release();
                return Optional.empty();
            }
            return Optional.of(new Body(file.etag(), content));
        } catch (IOException e) {
            content.release();
            return Optional.empty();
        }
    }
}
