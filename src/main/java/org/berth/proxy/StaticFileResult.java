package org.berth.proxy;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answer to a static-files request, decided by {@link StaticFileResolver}. {@link #headers()}
 * holds every header the answer needs (the proxy adds only its own, such as {@code Date} and
 * the middleware's); a HEAD request gets the same status and headers without a body.
 */
public sealed interface StaticFileResult {

    int status();

    /** Headers of this answer, in order; names as HTTP spells them. */
    List<Map.Entry<String, String>> headers();

    /**
     * Send {@code length} bytes of {@code file} from {@code offset} (zero-copy with a
     * {@code FileRegion}). {@code headers} already hold Content-Type, Content-Length, ETag,
     * Last-Modified, Accept-Ranges, and when they apply Content-Encoding, Vary and Content-Range.
     *
     * @param file            the real path of the file to send (for a precompressed variant, the
     *                        {@code .br}/{@code .gz} sibling), checked to lie inside the root
     * @param totalSize       the size of {@code file}
     * @param contentType     the type of the requested file, not of its compressed sibling
     * @param contentEncoding {@code br} or {@code gzip} when a sibling is sent
     * @param lastModified    whole seconds, as in the header
     * @param status          200, or 206 for a range
     */
    record ServeFile(Path file, long offset, long length, long totalSize, String contentType,
                     Optional<String> contentEncoding, String etag, Instant lastModified, int status,
                     List<Map.Entry<String, String>> headers, HttpHeaders head) implements StaticFileResult {
        /**
         * @param head {@code headers} as Netty headers with ASCII values, made once: the proxy copies
         *             them into each answer without validating or encoding them again (a remembered
         *             answer serves many requests). Never changed after it is made.
         */
        public ServeFile {
            headers = List.copyOf(headers);
        }

        public ServeFile(Path file, long offset, long length, long totalSize, String contentType,
                         Optional<String> contentEncoding, String etag, Instant lastModified, int status,
                         List<Map.Entry<String, String>> headers) {
            this(file, offset, length, totalSize, contentType, contentEncoding, etag, lastModified, status, headers,
                    head(headers));
        }

        private static HttpHeaders head(List<Map.Entry<String, String>> headers) {
            HttpHeaders head = DefaultHttpHeadersFactory.headersFactory().newHeaders();
            for (Map.Entry<String, String> header : headers) {
                head.add(AsciiString.of(header.getKey()), AsciiString.of(header.getValue()));
            }
            return head;
        }
    }

    /** 304: the client's copy is current; {@code headers} hold ETag, Last-Modified and Vary. */
    record NotModified(String etag, Instant lastModified, List<Map.Entry<String, String>> headers)
            implements StaticFileResult {
        public NotModified {
            headers = List.copyOf(headers);
        }

        @Override
        public int status() {
            return 304;
        }
    }

    /** 301 to a folder's URL with its trailing slash (relative links in its index need it). */
    record Redirect(String location) implements StaticFileResult {
        @Override
        public int status() {
            return 301;
        }

        @Override
        public List<Map.Entry<String, String>> headers() {
            return List.of(Map.entry("Location", location));
        }
    }

    /** 200 with a generated listing of a folder that has no index file. */
    record Listing(String html) implements StaticFileResult {
        @Override
        public int status() {
            return 200;
        }

        /** The page, UTF-8 encoded. */
        public byte[] body() {
            return html.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public List<Map.Entry<String, String>> headers() {
            return List.of(Map.entry("Content-Type", "text/html; charset=utf-8"),
                    Map.entry("Content-Length", Integer.toString(body().length)));
        }
    }

    /** 416: the range lies outside the file. */
    record RangeNotSatisfiable(long totalSize) implements StaticFileResult {
        @Override
        public int status() {
            return 416;
        }

        @Override
        public List<Map.Entry<String, String>> headers() {
            return List.of(Map.entry("Content-Range", "bytes */" + totalSize));
        }
    }

    /** 404: nothing servable at this path (missing, hidden, outside the root, not a file). */
    record NotFound() implements StaticFileResult {
        @Override
        public int status() {
            return 404;
        }

        @Override
        public List<Map.Entry<String, String>> headers() {
            return List.of();
        }
    }

    /** 405: static files answer GET and HEAD only. */
    record MethodNotAllowed() implements StaticFileResult {
        @Override
        public int status() {
            return 405;
        }

        @Override
        public List<Map.Entry<String, String>> headers() {
            return List.of(Map.entry("Allow", "GET, HEAD"));
        }
    }

    /** 400: a malformed or unsafe path (see {@link StaticRequestPath}); {@code reason} is for logs. */
    record BadRequest(String reason) implements StaticFileResult {
        @Override
        public int status() {
            return 400;
        }

        @Override
        public List<Map.Entry<String, String>> headers() {
            return List.of();
        }
    }
}
