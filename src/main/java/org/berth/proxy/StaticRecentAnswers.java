package org.berth.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whole-file answers of the last second, by request target. The same small file asked for again
 * and again is the common case, and working its answer out afresh (decoding the path, following
 * it, looking for {@code .br}/{@code .gz} siblings, formatting the validators and headers) cost
 * more than sending it (bench/static). A remembered answer is used only:
 *
 * <ul>
 *   <li>for a request with no conditional or range header, whose answer is the whole file;
 *   <li>for a file with no precompressed sibling, so the answer does not depend on Accept-Encoding;
 *   <li>within {@link StaticRoot#REMEMBERED} of being worked out, as the root's remembered real
 *       paths are, and never after {@link #forget};
 *   <li>while the file's attributes, read afresh (without following links) for every request, are
 *       still a regular file of the size and modification time the answer was made for. A link
 *       swapped in for the file reads as a link and is not used, as in {@link StaticRoot}.
 * </ul>
 *
 * Thread-safe; bounded to {@link #MAX_ENTRIES} targets (all are dropped when full, so a client
 * making up targets costs only the slow path).
 */
final class StaticRecentAnswers {
    static final int MAX_ENTRIES = 4096;
    private static final long REMEMBERED_NANOS = StaticRoot.REMEMBERED.toNanos();

    /** {@code modified} is the file's time as read when the answer was remembered (its size is the answer's). */
    private record Entry(StaticFileResult.ServeFile answer, FileTime modified, long madeAt) {
    }

    private final Map<String, Entry> byTarget = new ConcurrentHashMap<>();

    /** Whether a request can take a remembered answer: nothing in it asks for less than the whole, current file. */
    static boolean plain(HttpHeaders headers) {
        return !headers.contains(HttpHeaderNames.RANGE) && !headers.contains(HttpHeaderNames.IF_NONE_MATCH)
                && !headers.contains(HttpHeaderNames.IF_MODIFIED_SINCE) && !headers.contains(HttpHeaderNames.IF_RANGE);
    }

    /** The answer remembered for {@code target}, if it is still the right one; null otherwise. */
    StaticFileResult.ServeFile get(String target) {
        Entry entry = byTarget.get(target);
        if (entry == null) {
            return null;
        }
        if (System.nanoTime() - entry.madeAt() > REMEMBERED_NANOS) {
            byTarget.remove(target, entry);
            return null;
        }
        try {
            BasicFileAttributes now = Files.readAttributes(entry.answer().file(), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (now.isRegularFile() && now.size() == entry.answer().totalSize()
                    && now.lastModifiedTime().equals(entry.modified())) {
                return entry.answer();
            }
        } catch (IOException gone) {
            // Fall through: the slow path says what it is now.
        }
        byTarget.remove(target, entry);
        return null;
    }

    /**
     * Remembers {@code answer} to a plain request for {@code target} when it may be reused: the whole
     * file, no sibling (no {@code Vary}), and the file still as the answer describes it. The last is
     * checked by reading the attributes once more: a file changing while the answer was made is
     * not remembered.
     */
    void offer(String target, StaticFileResult.ServeFile answer) {
        if (answer.status() != 200 || answer.contentEncoding().isPresent()
                || answer.headers().stream().anyMatch(header -> header.getKey().equals("Vary"))) {
            return;
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(answer.file(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException gone) {
            return;
        }
        if (!attributes.isRegularFile() || attributes.size() != answer.totalSize()
                || !StaticConditions.etag(attributes.size(), attributes.lastModifiedTime(), answer.contentEncoding())
                .equals(answer.etag())) {
            return;
        }
        if (byTarget.size() >= MAX_ENTRIES) {
            byTarget.clear();
        }
        byTarget.put(target, new Entry(answer, attributes.lastModifiedTime(), System.nanoTime()));
    }

    void forget() {
        byTarget.clear();
    }
}
