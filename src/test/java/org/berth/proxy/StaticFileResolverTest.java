package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StaticFileResolverTest {
    private static final Instant MODIFIED = Instant.parse("2024-01-02T03:04:05.678Z");
    private static final String MODIFIED_HEADER = "Tue, 02 Jan 2024 03:04:05 GMT";
    private static final String CONTENT = "0123456789";

    @TempDir
    Path temp;
    Path root;
    StaticFileResolver resolver;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(temp.resolve("site"));
        Files.writeString(temp.resolve("secret.txt"), "outside the root");
        resolver = new StaticFileResolver(root, false);
    }

    private Path write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(MODIFIED));
        return file;
    }

    private static HttpHeaders headers(String... nameValues) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (int i = 0; i < nameValues.length; i += 2) {
            headers.add(nameValues[i], nameValues[i + 1]);
        }
        return headers;
    }

    private StaticFileResult get(String target, String... nameValues) {
        return resolver.resolve("GET", target, headers(nameValues));
    }

    private static StaticFileResult.ServeFile served(StaticFileResult result) {
        assertThat(result).isInstanceOf(StaticFileResult.ServeFile.class);
        return (StaticFileResult.ServeFile) result;
    }

    private static Optional<String> header(StaticFileResult result, String name) {
        return result.headers().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst();
    }

    @Nested
    class Files_ {
        @Test
        void aFileIsServedWithItsTypeLengthAndValidators() throws IOException {
            Path file = write("a.txt", CONTENT);

            StaticFileResult.ServeFile serve = served(get("/a.txt"));

            assertThat(serve.status()).isEqualTo(200);
            assertThat(serve.file()).isEqualTo(file.toRealPath());
            assertThat(serve.offset()).isZero();
            assertThat(serve.length()).isEqualTo(10);
            assertThat(serve.totalSize()).isEqualTo(10);
            assertThat(serve.contentType()).isEqualTo("text/plain; charset=utf-8");
            assertThat(serve.contentEncoding()).isEmpty();
            assertThat(serve.lastModified()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
            assertThat(serve.etag()).matches("\"a-[0-9a-f]+\"");
            assertThat(serve.headers()).containsExactly(
                    Map.entry("Content-Type", "text/plain; charset=utf-8"),
                    Map.entry("Content-Length", "10"),
                    Map.entry("Accept-Ranges", "bytes"),
                    Map.entry("ETag", serve.etag()),
                    Map.entry("Last-Modified", MODIFIED_HEADER));
        }

        @Test
        void theEtagChangesWithTheContent() throws IOException {
            write("a.txt", CONTENT);
            String before = served(get("/a.txt")).etag();
            Path file = write("a.txt", CONTENT);
            Files.setLastModifiedTime(file, FileTime.from(MODIFIED.plusMillis(1)));

            assertThat(served(get("/a.txt")).etag()).isNotEqualTo(before);
        }

        @Test
        void aFileCreatedAfterA404IsServedAtOnce() throws IOException {
            assertThat(get("/late.txt")).isInstanceOf(StaticFileResult.NotFound.class);
            write("late.txt", CONTENT);

            assertThat(served(get("/late.txt")).length()).isEqualTo(CONTENT.length());
        }

        @Test
        void aRememberedFileThatWasDeletedIs404AtOnce() throws IOException {
            Path file = write("gone.txt", CONTENT);
            served(get("/gone.txt"));
            Files.delete(file);

            assertThat(get("/gone.txt")).isInstanceOf(StaticFileResult.NotFound.class);
        }

        @Test
        void aRememberedPathSwappedForALinkOutOfTheRootIsRefusedAtOnce() throws IOException {
            Path file = write("swap.txt", CONTENT);
            served(get("/swap.txt"));
            Path outside = Files.writeString(root.getParent().resolve("outside-" + System.nanoTime() + ".txt"), "secret");
            Files.delete(file);
            Files.createSymbolicLink(file, outside);

            assertThat(get("/swap.txt")).isInstanceOf(StaticFileResult.NotFound.class);
        }

        @Test
        void headGetsTheSameAnswerAsGet() throws IOException {
            write("a.txt", CONTENT);

            assertThat(resolver.resolve("HEAD", "/a.txt", headers())).isEqualTo(get("/a.txt"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS", "PATCH", "get"})
        void onlyGetAndHeadAreAllowed(String method) throws IOException {
            write("a.txt", CONTENT);

            StaticFileResult result = resolver.resolve(method, "/a.txt", headers());

            assertThat(result).isInstanceOf(StaticFileResult.MethodNotAllowed.class);
            assertThat(result.status()).isEqualTo(405);
            assertThat(header(result, "Allow")).contains("GET, HEAD");
        }

        @Test
        void aMissingFileIsNotFound() {
            assertThat(get("/nothing.txt")).isInstanceOf(StaticFileResult.NotFound.class);
            assertThat(get("/nothing.txt").status()).isEqualTo(404);
        }

        @Test
        void aFileWithATrailingSlashIsNotFound() throws IOException {
            write("a.txt", CONTENT);

            assertThat(get("/a.txt/")).isInstanceOf(StaticFileResult.NotFound.class);
        }

        @Test
        void theQueryIsIgnored() throws IOException {
            write("a.txt", CONTENT);

            assertThat(served(get("/a.txt?v=3#top")).length()).isEqualTo(10);
        }

        @Test
        void percentEncodedAndRawUtf8NamesAreFound() throws IOException {
            Path file = write("café menu.txt", CONTENT);

            assertThat(served(get("/caf%C3%A9%20menu.txt")).file()).isEqualTo(file.toRealPath());
            // Netty hands unencoded UTF-8 over as one character per byte.
            assertThat(served(get("/caf\u00c3\u00a9%20menu.txt")).file()).isEqualTo(file.toRealPath());
        }

        @Test
        void absoluteFormTargetsAreServedByTheirPath() throws IOException {
            write("a.txt", CONTENT);

            assertThat(served(get("http://example.org:8080/a.txt")).length()).isEqualTo(10);
        }

        @Test
        void aMissingRootServesNothingUntilItExists() throws IOException {
            StaticFileResolver later = new StaticFileResolver(temp.resolve("later"), false);
            assertThat(later.resolve("GET", "/a.txt", headers())).isInstanceOf(StaticFileResult.NotFound.class);

            Files.createDirectory(temp.resolve("later"));
            Files.writeString(temp.resolve("later/a.txt"), CONTENT);

            assertThat(served(later.resolve("GET", "/a.txt", headers())).length()).isEqualTo(10);
        }

        @Test
        void aSymlinkInsideTheRootIsServedThroughItsTarget() throws IOException {
            Path target = write("real/app-1.2.js", CONTENT);
            Files.createSymbolicLink(root.resolve("latest.js"), Path.of("real/app-1.2.js"));

            StaticFileResult.ServeFile serve = served(get("/latest.js"));

            assertThat(serve.file()).isEqualTo(target.toRealPath());
            assertThat(serve.contentType()).isEqualTo("text/javascript; charset=utf-8");
        }

        @Test
        void aRootThatIsItselfASymlinkWorks() throws IOException {
            write("a.txt", CONTENT);
            Path link = Files.createSymbolicLink(temp.resolve("current"), root);

            StaticFileResult result = new StaticFileResolver(link, false).resolve("GET", "/a.txt", headers());

            assertThat(served(result).file()).isEqualTo(root.resolve("a.txt").toRealPath());
        }
    }

    /** The whole-file answers remembered for a second ({@link StaticRecentAnswers}). */
    @Nested
    class RecentAnswers {
        @Test
        void aRepeatedPlainRequestGetsTheRememberedAnswer() throws IOException {
            write("a.txt", CONTENT);
            StaticFileResult first = get("/a.txt");

            assertThat(get("/a.txt")).isSameAs(first);
            assertThat(resolver.resolve("HEAD", "/a.txt", headers())).isSameAs(first);
        }

        @Test
        void conditionalAndRangeRequestsAreWorkedOutAfresh() throws IOException {
            write("a.txt", CONTENT);
            String etag = served(get("/a.txt")).etag();

            assertThat(get("/a.txt", "If-None-Match", etag)).isInstanceOf(StaticFileResult.NotModified.class);
            assertThat(get("/a.txt", "If-Modified-Since", MODIFIED_HEADER)).isInstanceOf(StaticFileResult.NotModified.class);
            assertThat(served(get("/a.txt", "Range", "bytes=0-1")).status()).isEqualTo(206);
        }

        @Test
        void aFileOfTheSameSizeWithANewTimeIsANewAnswerAtOnce() throws IOException {
            write("a.txt", CONTENT);
            StaticFileResult.ServeFile first = served(get("/a.txt"));
            Path file = write("a.txt", "9876543210");
            Files.setLastModifiedTime(file, FileTime.from(MODIFIED.plusNanos(1_000)));

            StaticFileResult.ServeFile second = served(get("/a.txt"));
            assertThat(second).isNotSameAs(first);
            assertThat(second.etag()).isNotEqualTo(first.etag());
        }

        @Test
        void aFileWithAPrecompressedSiblingIsNotRemembered() throws IOException {
            write("app.js", CONTENT);
            write("app.js.gz", "zipped");
            StaticFileResult first = get("/app.js");

            assertThat(get("/app.js")).isNotSameAs(first);
            assertThat(served(get("/app.js", "Accept-Encoding", "gzip")).contentEncoding()).contains("gzip");
            assertThat(served(get("/app.js")).contentEncoding()).isEmpty();
        }

        @Test
        void forgettingAndTheSecondPassingEndTheRememberedAnswer() throws Exception {
            write("a.txt", CONTENT);
            StaticFileResult first = get("/a.txt");
            resolver.forgetRecent();
            StaticFileResult second = get("/a.txt");
            assertThat(second).isNotSameAs(first);

            Thread.sleep(StaticRoot.REMEMBERED.toMillis() + 100);
            assertThat(get("/a.txt")).isNotSameAs(second);
        }

        @Test
        void eachTargetIsRememberedOnItsOwn() throws IOException {
            write("a.txt", CONTENT);
            write("b.txt", "other");

            assertThat(served(get("/a.txt")).length()).isEqualTo(10);
            assertThat(served(get("/b.txt")).length()).isEqualTo(5);
            assertThat(served(get("/a.txt")).length()).isEqualTo(10);
            assertThat(get("/a.txt?v=2")).isNotSameAs(get("/a.txt"));
        }
    }

    @Nested
    class ContentTypes {
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "index.html|text/html; charset=utf-8",
                "page.HTM|text/html; charset=utf-8",
                "style.css|text/css; charset=utf-8",
                "app.js|text/javascript; charset=utf-8",
                "module.mjs|text/javascript; charset=utf-8",
                "data.json|application/json; charset=utf-8",
                "app.js.map|application/json; charset=utf-8",
                "logo.svg|image/svg+xml; charset=utf-8",
                "feed.xml|application/xml; charset=utf-8",
                "photo.JPG|image/jpeg",
                "photo.jpeg|image/jpeg",
                "icon.png|image/png",
                "anim.gif|image/gif",
                "pic.webp|image/webp",
                "favicon.ico|image/x-icon",
                "doc.pdf|application/pdf",
                "font.woff|font/woff",
                "font.woff2|font/woff2",
                "lib.wasm|application/wasm",
                "clip.mp4|video/mp4",
                "clip.webm|video/webm",
                "README|application/octet-stream",
                "archive.unknownext|application/octet-stream",
                "trailingdot.|application/octet-stream"})
        void theTypeComesFromTheExtension(String name, String type) throws IOException {
            write(name, CONTENT);

            assertThat(served(get("/" + name)).contentType()).isEqualTo(type);
            assertThat(header(get("/" + name), "Content-Type")).contains(type);
        }
    }

    @Nested
    class Conditionals {
        String etag;

        @BeforeEach
        void file() throws IOException {
            write("a.txt", CONTENT);
            etag = served(get("/a.txt")).etag();
        }

        @Test
        void aMatchingIfNoneMatchIsNotModified() {
            StaticFileResult result = get("/a.txt", "If-None-Match", etag);

            assertThat(result).isEqualTo(new StaticFileResult.NotModified(etag,
                    Instant.parse("2024-01-02T03:04:05Z"),
                    List.of(Map.entry("ETag", etag), Map.entry("Last-Modified", MODIFIED_HEADER))));
            assertThat(result.status()).isEqualTo(304);
        }

        @ParameterizedTest
        @ValueSource(strings = {"*", "W/%s", "\"other\", %s", "\"a,b\",W/%s", "%s ,\t\"x\""})
        void ifNoneMatchUsesWeakComparisonAndLists(String pattern) {
            assertThat(get("/a.txt", "If-None-Match", pattern.formatted(etag)))
                    .isInstanceOf(StaticFileResult.NotModified.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"other\"", "\"a-1\", W/\"b\"", "garbage", "W/", "\""})
        void aDifferentIfNoneMatchGetsTheFile(String value) {
            assertThat(get("/a.txt", "If-None-Match", value)).isInstanceOf(StaticFileResult.ServeFile.class);
        }

        @Test
        void ifModifiedSinceTheModificationOrLaterIsNotModified() {
            assertThat(get("/a.txt", "If-Modified-Since", MODIFIED_HEADER))
                    .isInstanceOf(StaticFileResult.NotModified.class);
            assertThat(get("/a.txt", "If-Modified-Since", "Wed, 03 Jan 2024 00:00:00 GMT"))
                    .isInstanceOf(StaticFileResult.NotModified.class);
        }

        @Test
        void ifModifiedSinceAnEarlierDateGetsTheFile() {
            assertThat(get("/a.txt", "If-Modified-Since", "Tue, 02 Jan 2024 03:04:04 GMT"))
                    .isInstanceOf(StaticFileResult.ServeFile.class);
        }

        @Test
        void anUnparsableIfModifiedSinceIsIgnored() {
            assertThat(get("/a.txt", "If-Modified-Since", "yesterday"))
                    .isInstanceOf(StaticFileResult.ServeFile.class);
        }

        @Test
        void ifNoneMatchTakesPrecedenceOverIfModifiedSince() {
            assertThat(get("/a.txt", "If-None-Match", "\"other\"", "If-Modified-Since", MODIFIED_HEADER))
                    .isInstanceOf(StaticFileResult.ServeFile.class);
            assertThat(get("/a.txt", "If-None-Match", etag, "If-Modified-Since", "Mon, 01 Jan 2024 00:00:00 GMT"))
                    .isInstanceOf(StaticFileResult.NotModified.class);
        }

        @Test
        void notModifiedWinsOverARange() {
            assertThat(get("/a.txt", "If-None-Match", etag, "Range", "bytes=0-1"))
                    .isInstanceOf(StaticFileResult.NotModified.class);
        }

        @Test
        void headIsConditionalToo() {
            assertThat(resolver.resolve("HEAD", "/a.txt", headers("If-None-Match", etag)))
                    .isInstanceOf(StaticFileResult.NotModified.class);
        }
    }

    @Nested
    class Ranges {
        String etag;

        @BeforeEach
        void file() throws IOException {
            write("a.txt", CONTENT);
            etag = served(get("/a.txt")).etag();
        }

        private StaticFileResult.ServeFile partial(String range, String... more) {
            String[] all = new String[more.length + 2];
            all[0] = "Range";
            all[1] = range;
            System.arraycopy(more, 0, all, 2, more.length);
            return served(get("/a.txt", all));
        }

        @ParameterizedTest
        @CsvSource({
                "bytes=0-4,    0, 5, bytes 0-4/10",
                "bytes=2-2,    2, 1, bytes 2-2/10",
                "bytes=5-,     5, 5, bytes 5-9/10",
                "bytes=-3,     7, 3, bytes 7-9/10",
                "bytes=-100,   0, 10, bytes 0-9/10",
                "bytes=8-1000, 8, 2, bytes 8-9/10",
                "bytes=9-9,    9, 1, bytes 9-9/10",
                "BYTES = 1-2,  1, 2, bytes 1-2/10",
                "'bytes=3-4,',  3, 2, bytes 3-4/10",
                "bytes=0-99999999999999999999999, 0, 10, bytes 0-9/10"})
        void aSingleRangeIsPartialContent(String range, long offset, long length, String contentRange) {
            StaticFileResult.ServeFile serve = partial(range);

            assertThat(serve.status()).isEqualTo(206);
            assertThat(serve.offset()).isEqualTo(offset);
            assertThat(serve.length()).isEqualTo(length);
            assertThat(serve.totalSize()).isEqualTo(10);
            assertThat(header(serve, "Content-Range")).contains(contentRange);
            assertThat(header(serve, "Content-Length")).contains(Long.toString(length));
        }

        @ParameterizedTest
        @ValueSource(strings = {"bytes=10-", "bytes=10-20", "bytes=-0", "bytes=99999999999999999999999-"})
        void aRangeOutsideTheFileIsNotSatisfiable(String range) {
            StaticFileResult result = get("/a.txt", "Range", range);

            assertThat(result).isEqualTo(new StaticFileResult.RangeNotSatisfiable(10));
            assertThat(result.status()).isEqualTo(416);
            assertThat(header(result, "Content-Range")).contains("bytes */10");
        }

        @ParameterizedTest
        @ValueSource(strings = {"bytes=0-1,3-4", "bytes=0-1, -2", "bytes=5-2", "items=0-1", "bytes=abc", "bytes=1",
                "bytes=", "0-1", "bytes=-", "bytes=1-2-3", "bytes=+1-2", "bytes= -"})
        void severalMalformedOrForeignRangesGetTheWholeFile(String range) {
            StaticFileResult.ServeFile serve = partial(range);

            assertThat(serve.status()).isEqualTo(200);
            assertThat(serve.offset()).isZero();
            assertThat(serve.length()).isEqualTo(10);
            assertThat(header(serve, "Content-Range")).isEmpty();
        }

        @Test
        void anEmptyFileSatisfiesNoRange() throws IOException {
            write("empty.txt", "");

            assertThat(get("/empty.txt", "Range", "bytes=0-")).isEqualTo(new StaticFileResult.RangeNotSatisfiable(0));
            assertThat(get("/empty.txt", "Range", "bytes=-5")).isEqualTo(new StaticFileResult.RangeNotSatisfiable(0));
            assertThat(served(get("/empty.txt")).length()).isZero();
        }

        @Test
        void headIgnoresRange() {
            StaticFileResult.ServeFile serve = served(resolver.resolve("HEAD", "/a.txt", headers("Range", "bytes=0-1")));

            assertThat(serve.status()).isEqualTo(200);
            assertThat(serve.length()).isEqualTo(10);
        }

        @Test
        void ifRangeWithTheCurrentEtagKeepsTheRange() {
            assertThat(partial("bytes=0-1", "If-Range", etag).status()).isEqualTo(206);
        }

        @Test
        void ifRangeWithTheModificationDateKeepsTheRange() {
            assertThat(partial("bytes=0-1", "If-Range", MODIFIED_HEADER).status()).isEqualTo(206);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"stale\"", "W/%s", "Tue, 02 Jan 2024 03:04:04 GMT", "Wed, 03 Jan 2024 00:00:00 GMT",
                "not a date"})
        void ifRangeWithAnotherValidatorGetsTheWholeFile(String pattern) {
            StaticFileResult.ServeFile serve = partial("bytes=0-1", "If-Range", pattern.formatted(etag));

            assertThat(serve.status()).isEqualTo(200);
            assertThat(serve.length()).isEqualTo(10);
        }

        @Test
        void aStaleIfRangeAlsoIgnoresAnUnsatisfiableRange() {
            assertThat(partial("bytes=50-", "If-Range", "\"stale\"").status()).isEqualTo(200);
        }
    }

    @Nested
    class Traversal {
        @BeforeEach
        void files() throws IOException {
            write("public/a.txt", CONTENT);
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "/../secret.txt",
                "/public/../../secret.txt",
                "/./a.txt",
                "/%2e%2e/secret.txt",
                "/%2E%2E/secret.txt",
                "/.%2e/secret.txt",
                "/public/%2e%2e/%2e%2e/secret.txt",
                "/..%2fsecret.txt",
                "/public%2f..%2f..%2fsecret.txt",
                "/public%2F..%2F..%2Fsecret.txt",
                "/..\\secret.txt",
                "/%5c..%5csecret.txt",
                "/public/%5C..%5C..%5Csecret.txt",
                "/a.txt%00.png",
                "/a.txt\u0000.png",
                "/%0a",
                "/%c0%ae%c0%ae/secret.txt",
                "/%e0%80%ae%e0%80%ae/secret.txt",
                "/%ff",
                "/%zz",
                "/%4",
                "/abc%",
                "/\u0100",
                "secret.txt",
                "*",
                "",
                "http://example.org/../secret.txt"})
        void traversalAndMalformedPathsAreBadRequests(String target) {
            StaticFileResult result = get(target);

            assertThat(result).isInstanceOf(StaticFileResult.BadRequest.class);
            assertThat(result.status()).isEqualTo(400);
        }

        @Test
        void aBadRequestSaysWhy() {
            assertThat(get("/..%2fsecret.txt")).isEqualTo(new StaticFileResult.BadRequest("encoded slash"));
            assertThat(get("/%2e%2e/secret.txt")).isEqualTo(new StaticFileResult.BadRequest("a dot segment"));
            assertThat(get("/%00")).isEqualTo(new StaticFileResult.BadRequest("a control character"));
        }

        @Test
        void doubleEncodingIsDecodedOnceAndStaysLiteral() throws IOException {
            assertThat(get("/%252e%252e/secret.txt")).isInstanceOf(StaticFileResult.NotFound.class);
            assertThat(get("/public/%252e%252e%252f%252e%252e%252fsecret.txt"))
                    .isInstanceOf(StaticFileResult.NotFound.class);

            Path literal = write("%2e%2e/secret.txt", "a folder really called %2e%2e");

            assertThat(served(get("/%252e%252e/secret.txt")).file()).isEqualTo(literal.toRealPath());
        }

        @ParameterizedTest
        @ValueSource(strings = {"//secret.txt", "///../secret.txt", "/etc/passwd", "//etc/passwd"})
        void extraSlashesStayInsideTheRoot(String target) {
            assertThat(get(target).status()).isIn(400, 404);
        }

        @Test
        void emptySegmentsAreDropped() {
            assertThat(served(get("//public///a.txt")).length()).isEqualTo(10);
        }

        @Test
        void aSymlinkToAFileOutsideTheRootIsNotFound() throws IOException {
            Files.createSymbolicLink(root.resolve("leak.txt"), temp.resolve("secret.txt"));
            Files.createSymbolicLink(root.resolve("relative-leak.txt"), Path.of("../secret.txt"));

            assertThat(get("/leak.txt")).isInstanceOf(StaticFileResult.NotFound.class);
            assertThat(get("/relative-leak.txt")).isInstanceOf(StaticFileResult.NotFound.class);
        }

        @Test
        void aSymlinkedFolderOutsideTheRootIsNotFound() throws IOException {
            Path outside = Files.createDirectory(temp.resolve("outside"));
            Files.writeString(outside.resolve("index.html"), "outside");
            Files.writeString(outside.resolve("data.txt"), "outside");
            Files.createSymbolicLink(root.resolve("linked"), outside);
            StaticFileResolver listing = new StaticFileResolver(root, true);

            assertThat(get("/linked/data.txt")).isInstanceOf(StaticFileResult.NotFound.class);
            assertThat(get("/linked/")).isInstanceOf(StaticFileResult.NotFound.class);
            assertThat(get("/linked")).isInstanceOf(StaticFileResult.NotFound.class);
            assertThat(listing.resolve("GET", "/linked/", headers())).isInstanceOf(StaticFileResult.NotFound.class);
        }

        @Test
        void aSiblingFolderWithTheRootAsPrefixIsOutside() throws IOException {
            // "/site-private" starts with "/site" as a string, not as a path.
            Path sibling = Files.createDirectory(temp.resolve("site-private"));
            Files.writeString(sibling.resolve("key.txt"), "private");
            Files.createSymbolicLink(root.resolve("p"), sibling);

            assertThat(get("/p/key.txt")).isInstanceOf(StaticFileResult.NotFound.class);
        }

        @Test
        void anIndexFileLinkedOutsideTheRootIsNotUsed() throws IOException {
            Files.createDirectory(root.resolve("docs"));
            Files.createSymbolicLink(root.resolve("docs/index.html"), temp.resolve("secret.txt"));

            assertThat(get("/docs/")).isInstanceOf(StaticFileResult.NotFound.class);
        }

        @Test
        void aLinkLoopIsNotFound() throws IOException {
            Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));

            assertThat(get("/loop")).isInstanceOf(StaticFileResult.NotFound.class);
        }

        @Test
        void somethingThatIsNeitherFileNorFolderIsNotFound() throws IOException {
            Path fifo = root.resolve("pipe");
            Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
            try {
                assertThat(mkfifo.waitFor()).isZero();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }

            assertThat(get("/pipe")).isInstanceOf(StaticFileResult.NotFound.class);
        }
    }

    @Nested
    class HiddenFiles {
        @ParameterizedTest
        @ValueSource(strings = {"/.env", "/.git/config", "/public/.htpasswd", "/%2eenv", "/.well-known/.secret",
                "/...", "/.hidden/"})
        void hiddenNamesAreNotFound(String target) throws IOException {
            write(".env", "KEY=1");
            write(".git/config", "[core]");
            write("public/.htpasswd", "user:hash");
            write(".well-known/.secret", "x");
            write("...", "x");
            write(".hidden/index.html", "x");

            assertThat(get(target)).isInstanceOf(StaticFileResult.NotFound.class);
        }

        @Test
        void wellKnownIsServed() throws IOException {
            write(".well-known/acme-challenge/token", "proof");

            assertThat(served(get("/.well-known/acme-challenge/token")).length()).isEqualTo(5);
        }
    }

    @Nested
    class Folders {
        @Test
        void aFolderIsServedThroughIndexHtml() throws IOException {
            Path index = write("docs/index.html", "<h1>docs</h1>");
            write("docs/index.htm", "older");

            StaticFileResult.ServeFile serve = served(get("/docs/"));

            assertThat(serve.file()).isEqualTo(index.toRealPath());
            assertThat(serve.contentType()).isEqualTo("text/html; charset=utf-8");
        }

        @Test
        void indexHtmIsTheFallback() throws IOException {
            Path index = write("docs/index.htm", "older");

            assertThat(served(get("/docs/")).file()).isEqualTo(index.toRealPath());
        }

        @Test
        void theRootIsServedThroughItsIndex() throws IOException {
            Path index = write("index.html", "home");

            assertThat(served(get("/")).file()).isEqualTo(index.toRealPath());
            assertThat(served(get("/?utm=x")).file()).isEqualTo(index.toRealPath());
        }

        @Test
        void aFolderWithoutItsSlashIsRedirectedKeepingTheQuery() throws IOException {
            write("docs/index.html", "x");
            write("a b/index.html", "x");

            assertThat(get("/docs")).isEqualTo(new StaticFileResult.Redirect("/docs/"));
            assertThat(get("/docs?page=2&x=%20")).isEqualTo(new StaticFileResult.Redirect("/docs/?page=2&x=%20"));
            assertThat(get("/a%20b")).isEqualTo(new StaticFileResult.Redirect("/a%20b/"));
            assertThat(get("/docs").status()).isEqualTo(301);
            assertThat(header(get("/docs"), "Location")).contains("/docs/");
        }

        @Test
        void theRedirectNeverPointsAtAnotherHost() throws IOException {
            write("evil.example/index.html", "x");

            assertThat(get("//evil.example")).isEqualTo(new StaticFileResult.Redirect("/evil.example/"));
            assertThat(get("///evil.example")).isEqualTo(new StaticFileResult.Redirect("/evil.example/"));
        }

        @Test
        void aFolderWithoutIndexIsNotFoundWhenListingIsOff() throws IOException {
            write("files/a.txt", CONTENT);

            assertThat(get("/files/")).isInstanceOf(StaticFileResult.NotFound.class);
            // No redirect either: that would reveal the folder.
            assertThat(get("/files")).isInstanceOf(StaticFileResult.NotFound.class);
            assertThat(get("/")).isInstanceOf(StaticFileResult.NotFound.class);
        }

        @Test
        void aFolderCalledIndexHtmlIsNoIndex() throws IOException {
            Files.createDirectories(root.resolve("docs/index.html"));

            assertThat(get("/docs/")).isInstanceOf(StaticFileResult.NotFound.class);
        }
    }

    @Nested
    class Listings {
        @BeforeEach
        void listing() {
            resolver = new StaticFileResolver(root, true);
        }

        private String listing(String target) {
            StaticFileResult result = get(target);
            assertThat(result).isInstanceOf(StaticFileResult.Listing.class);
            assertThat(result.status()).isEqualTo(200);
            return ((StaticFileResult.Listing) result).html();
        }

        @Test
        void aFolderWithoutIndexIsListedFoldersFirstByName() throws IOException {
            write("files/b.txt", "bb");
            write("files/A.txt", "a");
            write("files/c.txt", "ccc");
            write("files/zeta/x", "x");
            write("files/Alpha/x", "x");

            String html = listing("/files/");

            assertThat(html).contains("<title>Index of /files/</title>");
            assertThat(html).containsSubsequence("href=\"../\"", "href=\"./Alpha/\"", "href=\"./zeta/\"",
                    "href=\"./A.txt\"", "href=\"./b.txt\"", "href=\"./c.txt\"");
            assertThat(html).contains("<td>3</td>").contains("2024-01-02 03:04");
        }

        @Test
        void theRootHasNoParentLink() throws IOException {
            write("a.txt", "a");

            assertThat(listing("/")).doesNotContain("href=\"../\"").contains("href=\"./a.txt\"");
        }

        @Test
        void namesAreEscapedAndLinksEncoded() throws IOException {
            write("files/<img src=x onerror=alert(1)>&.txt", "x");
            write("files/a b#?.txt", "x");
            write("files/javascript:alert(1)", "x");
            write("files/\"quoted\".txt", "x");
            write("files/café.txt", "x");

            String html = listing("/files/");

            assertThat(html).doesNotContain("<img");
            assertThat(html).contains(">&lt;img src=x onerror=alert(1)&gt;&amp;.txt<");
            assertThat(html).contains("href=\"./%3Cimg%20src=x%20onerror=alert(1)%3E&amp;.txt\"");
            assertThat(html).contains("href=\"./a%20b%23%3F.txt\"");
            assertThat(html).contains("href=\"./javascript:alert(1)\"");
            assertThat(html).contains("href=\"./%22quoted%22.txt\"").contains("&quot;quoted&quot;.txt");
            assertThat(html).contains("href=\"./caf%C3%A9.txt\"").contains(">café.txt<");
        }

        @Test
        void theTitleIsEscaped() throws IOException {
            write("<b>/x.txt", "x");

            assertThat(listing("/%3Cb%3E/")).contains("<title>Index of /&lt;b&gt;/</title>");
        }

        @Test
        void hiddenEntriesAndLinksOutOfTheRootAreNotListed() throws IOException {
            write("files/.env", "x");
            write("files/shown.txt", "x");
            Files.createSymbolicLink(root.resolve("files/leak.txt"), temp.resolve("secret.txt"));
            Files.createSymbolicLink(root.resolve("files/outside"), temp);
            Files.createSymbolicLink(root.resolve("files/inside.txt"), root.resolve("files/shown.txt"));

            String html = listing("/files/");

            assertThat(html).contains("shown.txt").contains("inside.txt");
            assertThat(html).doesNotContain(".env").doesNotContain("leak.txt").doesNotContain("outside");
        }

        @Test
        void anIndexFileWinsOverTheListing() throws IOException {
            write("files/index.html", "x");

            assertThat(get("/files/")).isInstanceOf(StaticFileResult.ServeFile.class);
        }

        @Test
        void aListedFolderWithoutItsSlashIsRedirected() throws IOException {
            write("files/a.txt", "x");

            assertThat(get("/files")).isEqualTo(new StaticFileResult.Redirect("/files/"));
        }

        @Test
        void theListingCarriesItsTypeAndLength() throws IOException {
            write("files/é.txt", "x");

            StaticFileResult.Listing result = (StaticFileResult.Listing) get("/files/");

            assertThat(result.headers()).containsExactly(Map.entry("Content-Type", "text/html; charset=utf-8"),
                    Map.entry("Content-Length", Integer.toString(result.html().getBytes(StandardCharsets.UTF_8).length)));
            assertThat(result.body()).isEqualTo(result.html().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Nested
    class Precompressed {
        Path original;
        Path brotli;
        Path gzip;

        @BeforeEach
        void files() throws IOException {
            original = write("app.js", "console.log('a long script');");
            brotli = write("app.js.br", "BR");
            gzip = write("app.js.gz", "GZIP");
        }

        private StaticFileResult.ServeFile withAcceptEncoding(String acceptEncoding) {
            return served(get("/app.js", "Accept-Encoding", acceptEncoding));
        }

        @Test
        void brotliIsPreferredWhenBothAreAccepted() throws IOException {
            StaticFileResult.ServeFile serve = withAcceptEncoding("gzip, deflate, br, zstd");

            assertThat(serve.file()).isEqualTo(brotli.toRealPath());
            assertThat(serve.contentEncoding()).contains("br");
            assertThat(serve.contentType()).isEqualTo("text/javascript; charset=utf-8");
            assertThat(serve.length()).isEqualTo(2);
            assertThat(serve.etag()).endsWith("-br\"");
            assertThat(serve.headers()).contains(Map.entry("Content-Encoding", "br"),
                    Map.entry("Vary", "Accept-Encoding"), Map.entry("Content-Length", "2"),
                    Map.entry("Content-Type", "text/javascript; charset=utf-8"));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "gzip|gzip",
                "x-gzip|gzip",
                "GZIP|gzip",
                "br;q=0, gzip|gzip",
                "br; q=0.0, gzip|gzip",
                "gzip;q=0.5, br;q=0.4|gzip",
                "gzip;q=0.5, br;q=0.5|br",
                "br, gzip;q=1.0|br",
                "*|br",
                "*;q=0.1, gzip;q=0.2|gzip",
                "br;q=0, *|gzip",
                "identity, br;q=0.001|br"})
        void theAcceptedCodingWithTheHighestQualityIsSent(String acceptEncoding, String coding) {
            assertThat(withAcceptEncoding(acceptEncoding).contentEncoding()).contains(coding);
        }

        @ParameterizedTest
        @ValueSource(strings = {"identity", "deflate", "*;q=0", "br;q=0, gzip;q=0", "gzip;q=2, br;q=1.5",
                "br;q=abc", "gzip;q=0.0001", ""})
        void withoutAnAcceptedCodingTheOriginalIsSentAndVaries(String acceptEncoding) throws IOException {
            StaticFileResult.ServeFile serve = withAcceptEncoding(acceptEncoding);

            assertThat(serve.file()).isEqualTo(original.toRealPath());
            assertThat(serve.contentEncoding()).isEmpty();
            assertThat(serve.headers()).contains(Map.entry("Vary", "Accept-Encoding"));
            assertThat(header(serve, "Content-Encoding")).isEmpty();
        }

        @Test
        void withoutAcceptEncodingTheOriginalIsSent() throws IOException {
            StaticFileResult.ServeFile serve = served(get("/app.js"));

            assertThat(serve.file()).isEqualTo(original.toRealPath());
            assertThat(serve.headers()).contains(Map.entry("Vary", "Accept-Encoding"));
        }

        @Test
        void onlyExistingSiblingsCount() throws IOException {
            Files.delete(brotli);

            assertThat(withAcceptEncoding("br").contentEncoding()).isEmpty();
            assertThat(withAcceptEncoding("br, gzip").contentEncoding()).contains("gzip");
        }

        @Test
        void aSiblingWithoutItsOriginalIsNotServedForTheOriginalName() throws IOException {
            write("only.css.gz", "GZIP");

            assertThat(get("/only.css", "Accept-Encoding", "gzip")).isInstanceOf(StaticFileResult.NotFound.class);
        }

        @Test
        void aSiblingLinkedOutsideTheRootIsIgnored() throws IOException {
            write("lib.js", "lib");
            Files.createSymbolicLink(root.resolve("lib.js.gz"), temp.resolve("secret.txt"));

            StaticFileResult.ServeFile serve = served(get("/lib.js", "Accept-Encoding", "gzip"));

            assertThat(serve.file()).isEqualTo(root.resolve("lib.js").toRealPath());
            assertThat(serve.contentEncoding()).isEmpty();
            assertThat(header(serve, "Vary")).isEmpty();
        }

        @Test
        void aSiblingThatIsAFolderIsIgnored() throws IOException {
            write("lib.js", "lib");
            Files.createDirectory(root.resolve("lib.js.br"));

            assertThat(served(get("/lib.js", "Accept-Encoding", "br")).contentEncoding()).isEmpty();
        }

        @Test
        void aFileWithoutSiblingsDoesNotVary() throws IOException {
            write("plain.js", "x");

            assertThat(header(get("/plain.js", "Accept-Encoding", "br"), "Vary")).isEmpty();
        }

        @Test
        void eachVariantHasItsOwnValidator() {
            String brTag = withAcceptEncoding("br").etag();
            String gzipTag = withAcceptEncoding("gzip").etag();
            String plainTag = withAcceptEncoding("identity").etag();

            assertThat(List.of(brTag, gzipTag, plainTag)).doesNotHaveDuplicates();
            StaticFileResult notModified = get("/app.js", "Accept-Encoding", "br", "If-None-Match", brTag);
            assertThat(notModified).isInstanceOf(StaticFileResult.NotModified.class);
            assertThat(notModified.headers()).contains(Map.entry("Vary", "Accept-Encoding"));
            assertThat(get("/app.js", "Accept-Encoding", "gzip", "If-None-Match", brTag))
                    .isInstanceOf(StaticFileResult.ServeFile.class);
        }

        @Test
        void aRangeOfAVariantCountsItsOwnBytes() {
            StaticFileResult.ServeFile serve = served(get("/app.js", "Accept-Encoding", "gzip", "Range", "bytes=1-"));

            assertThat(serve.status()).isEqualTo(206);
            assertThat(serve.length()).isEqualTo(3);
            assertThat(header(serve, "Content-Range")).contains("bytes 1-3/4");
        }

        @Test
        void anIndexFileHasSiblingsToo() throws IOException {
            write("docs/index.html", "<h1>docs</h1>");
            Path compressed = write("docs/index.html.br", "BR");

            StaticFileResult.ServeFile serve = served(get("/docs/", "Accept-Encoding", "br"));

            assertThat(serve.file()).isEqualTo(compressed.toRealPath());
            assertThat(serve.contentType()).isEqualTo("text/html; charset=utf-8");
        }

        @Test
        void aCompressedFileAskedForByNameIsSentAsItIs() throws IOException {
            StaticFileResult.ServeFile serve = served(get("/app.js.gz", "Accept-Encoding", "gzip"));

            assertThat(serve.file()).isEqualTo(gzip.toRealPath());
            assertThat(serve.contentType()).isEqualTo("application/gzip");
            assertThat(serve.contentEncoding()).isEmpty();
        }
    }
}
