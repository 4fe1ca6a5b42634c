package org.berth.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.berth.bundle.StaticFilesStanza;

/**
 * Decides how a {@code static-files} stanza answers a request; the proxy then sends the
 * {@link StaticFileResult}. Pure logic over the file system: no I/O besides reading file
 * attributes and, for a listing, the folder. Thread-safe.
 *
 * <p>Safety: the path is decoded once and strictly ({@link StaticRequestPath}: 400 for
 * malformed escapes, encoded slashes, {@code ..}, NUL, backslashes); hidden names are 404 except
 * {@code .well-known}; and every file or folder is used only through its real path, which must
 * lie inside the root's ({@link StaticRoot}) — a symlink out of the root is 404, like anything
 * that is not a regular file or folder, and like any I/O error while looking.
 *
 * <p>A folder is served through {@code index.html} or {@code index.htm}, else a listing when
 * enabled, else 404; requested without its trailing slash it is redirected (301) to it, but
 * only when it would serve something, so the redirect reveals no folder that is not served.
 * A file requested with a trailing slash is 404, as a file system says.
 */
public final class StaticFileResolver {
    private static final List<String> INDEX_FILES = List.of("index.html", "index.htm");

    private final Path root;
    private final boolean directoryListing;
    private final StaticRecentAnswers recentAnswers = new StaticRecentAnswers();
    private volatile StaticRoot resolvedRoot;

    /**
     * @param root             the folder to serve (absolute); it may not exist yet, and until it
     *                         does every request is 404
     * @param directoryListing list folders that have no index file
     */
    public StaticFileResolver(Path root, boolean directoryListing) {
        this.root = root;
        this.directoryListing = directoryListing;
    }

    public static StaticFileResolver of(StaticFilesStanza stanza) {
        return new StaticFileResolver(stanza.root(), stanza.directoryListing());
    }

    /**
     * The answer to one request.
     *
     * @param method  the request method; only GET and HEAD are served
     * @param target  the request target as received: percent-encoded path, maybe a query
     * @param headers the request headers (Accept-Encoding, If-None-Match, If-Modified-Since,
     *                Range, If-Range are read)
     */
    public StaticFileResult resolve(String method, String target, HttpHeaders headers) {
        boolean get = method.equals("GET");
        if (!get && !method.equals("HEAD")) {
            return new StaticFileResult.MethodNotAllowed();
        }
        // GET and HEAD of the whole file have the same answer (the proxy leaves out a HEAD's body).
        boolean plain = StaticRecentAnswers.plain(headers);
        if (plain) {
            StaticFileResult.ServeFile known = recentAnswers.get(target);
            if (known != null) {
                return known;
            }
        }
        StaticFileResult result = resolveAfresh(target, get, headers);
        if (plain && result instanceof StaticFileResult.ServeFile file) {
            recentAnswers.offer(target, file);
        }
        return result;
    }

    private StaticFileResult resolveAfresh(String target, boolean get, HttpHeaders headers) {
        StaticRequestPath path;
        try {
            path = StaticRequestPath.parse(target);
        } catch (StaticRequestPath.Refused refused) {
            return new StaticFileResult.BadRequest(refused.getMessage());
        }
        Optional<StaticRoot> served = root();
        if (path.hidden() || served.isEmpty()) {
            return new StaticFileResult.NotFound();
        }
        StaticRoot base = served.get();
        Path requested = base.real();
        for (String segment : path.segments()) {
            requested = requested.resolve(segment);
        }
        Optional<StaticRoot.Found> found = base.find(requested);
        if (found.isEmpty()) {
            return new StaticFileResult.NotFound();
        }
        if (found.get().attributes().isDirectory()) {
            return folder(base, path, requested, found.get().path(), get, headers);
        }
        if (path.trailingSlash()) {
            return new StaticFileResult.NotFound();
        }
        return file(base, requested, found.get(), get, headers);
    }

    /** Forgets the lookups and answers remembered for the last second: a file served from them has changed. */
    public void forgetRecent() {
        recentAnswers.forget();
        StaticRoot known = resolvedRoot;
        if (known != null) {
            known.forget();
        }
    }

    /** The root's real path, looked up again until the folder exists. */
    private Optional<StaticRoot> root() {
        StaticRoot known = resolvedRoot;
        if (known != null) {
            return Optional.of(known);
        }
        Optional<StaticRoot> found = StaticRoot.of(root);
        found.ifPresent(value -> resolvedRoot = value);
        return found;
    }

    private StaticFileResult folder(StaticRoot base, StaticRequestPath path, Path requested, Path real,
                                    boolean get, HttpHeaders headers) {
        Optional<String> indexName = Optional.empty();
        Optional<StaticRoot.Found> index = Optional.empty();
        for (String name : INDEX_FILES) {
            index = base.findFile(requested.resolve(name));
            if (index.isPresent()) {
                indexName = Optional.of(name);
                break;
            }
        }
        if (index.isEmpty() && !directoryListing) {
            return new StaticFileResult.NotFound();
        }
        if (!path.trailingSlash()) {
            return new StaticFileResult.Redirect(path.withTrailingSlash());
        }
        if (index.isPresent()) {
            return file(base, requested.resolve(indexName.get()), index.get(), get, headers);
        }
        return StaticDirectoryListing.render(base, real, path.displayFolder())
                .<StaticFileResult>map(StaticFileResult.Listing::new)
                .orElseGet(StaticFileResult.NotFound::new);
    }

    /**
     * A regular file: choose the variant, then answer conditionals and ranges for it.
     *
     * @param requested the file as named by the request (its name gives the type and the siblings)
     * @param original  its real path and attributes
     */
    private StaticFileResult file(StaticRoot base, Path requested, StaticRoot.Found original, boolean get,
                                  HttpHeaders headers) {
        StaticFileVariant variant = StaticFileVariant.choose(base, requested, original,
                headers.get(HttpHeaderNames.ACCEPT_ENCODING));
        BasicFileAttributes attributes = variant.file().attributes();
        long size = attributes.size();
        String etag = StaticConditions.etag(size, attributes.lastModifiedTime(), variant.encoding());
        Instant lastModified = StaticConditions.lastModified(attributes.lastModifiedTime());

        List<Map.Entry<String, String>> validators = new ArrayList<>();
        validators.add(Map.entry("ETag", etag));
        validators.add(Map.entry("Last-Modified", StaticConditions.httpDate(lastModified)));
        if (variant.siblingsExist()) {
            validators.add(Map.entry("Vary", "Accept-Encoding"));
        }
        if (StaticConditions.notModified(headers.get(HttpHeaderNames.IF_NONE_MATCH),
                headers.get(HttpHeaderNames.IF_MODIFIED_SINCE), etag, lastModified)) {
            return new StaticFileResult.NotModified(etag, lastModified, validators);
        }
        // Range is defined for GET only (RFC 9110 §14.2); a HEAD describes the whole file.
        StaticRange range = get && StaticConditions.rangeApplies(headers.get(HttpHeaderNames.IF_RANGE), etag,
                lastModified) ? StaticRange.of(headers.get(HttpHeaderNames.RANGE), size) : new StaticRange.Whole();
        return switch (range) {
            case StaticRange.Unsatisfiable unsatisfiable -> new StaticFileResult.RangeNotSatisfiable(size);
            case StaticRange.Whole whole -> serve(requested, variant, etag, lastModified, validators, 0, size, 200);
            case StaticRange.Part part -> {
                validators.add(Map.entry("Content-Range", part.contentRange(size)));
                yield serve(requested, variant, etag, lastModified, validators, part.offset(), part.length(), 206);
            }
        };
    }

    /** The answer that sends {@code length} bytes of the variant from {@code offset}. */
    private static StaticFileResult serve(Path requested, StaticFileVariant variant, String etag,
                                          Instant lastModified, List<Map.Entry<String, String>> validators,
                                          long offset, long length, int status) {
        // The type of what was asked for: app.js.br is still JavaScript, only compressed.
        String contentType = StaticContentTypes.of(requested.getFileName().toString());
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", contentType));
        headers.add(Map.entry("Content-Length", Long.toString(length)));
        headers.add(Map.entry("Accept-Ranges", "bytes"));
        variant.encoding().ifPresent(coding -> headers.add(Map.entry("Content-Encoding", coding)));
        headers.addAll(validators);
        return new StaticFileResult.ServeFile(variant.file().path(), offset, length,
                variant.file().attributes().size(), contentType, variant.encoding(), etag, lastModified, status,
                headers);
    }
}
