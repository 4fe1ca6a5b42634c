package org.berth.applog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppLogTest {
    private static final Pattern LINE =
            Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z \\[([^\\]]+)\\] (.*)$");

    @TempDir
    Path dir;

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> read(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    private long totalBytes() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private List<Path> logFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void eachLineIsStampedWithTheTimeAndTheLabel() throws IOException {
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00.123Z"), ZoneOffset.UTC);
        try (AppLog log = AppLog.open(dir, "shop", LogRotation.DEFAULT, clock)) {
            log.append("web:1234", "Listening on 43124");
            log.note("web: exited");
            assertThat(log.file()).isEqualTo(dir.resolve("app-shop.log"));
            assertThat(read(log.file())).containsExactly(
                    "2026-11-22T10:00:00.123Z [web:1234] Listening on 43124",
                    "2026-11-22T10:00:00.123Z [berth] web: exited");
        }
        Clock whole = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
        try (AppLog log = AppLog.open(dir, "shop", LogRotation.DEFAULT, whole)) {
            log.append("w", "x");
            assertThat(read(log.file())).last().isEqualTo("2026-01-02T03:04:05.000Z [w] x");
        }
    }

    @Test
    void theRealClockStampsEachLineWhenItIsWritten() throws IOException {
        try (AppLog log = AppLog.open(dir, "shop", LogRotation.DEFAULT)) {
            Instant before = Instant.now().minusMillis(1);
            log.append("web:1", "hello");
            Instant after = Instant.now().plusMillis(1);
            String line = read(log.file()).get(0);
            Matcher matcher = LINE.matcher(line);
            assertThat(matcher.matches()).as(line).isTrue();
            Instant stamp = Instant.parse(line.substring(0, line.indexOf(' ')));
            assertThat(stamp).isBetween(before, after);
        }
    }

    @Test
    void aStreamCutsOutputIntoLinesAndKeepsTheLastPartialOne() throws IOException {
        try (AppLog log = AppLog.open(dir, "shop", LogRotation.DEFAULT)) {
            OutputStream out = log.stream("web:7");
            out.write(utf8("first li"));
            out.write(utf8("ne\r\nsecond\n\nthird, no newline"));
            assertThat(read(log.file())).hasSize(3);
            out.close();
            out.write(utf8("after close\n"));
            List<String> texts = read(log.file()).stream().map(AppLogTest::text).toList();
            assertThat(texts).containsExactly("first line", "second", "", "third, no newline");
            assertThat(read(log.file())).allMatch(line -> line.contains(" [web:7] "));
        }
    }

    @Test
    void appendedTextWithNewlinesBecomesSeveralLines() throws IOException {
        try (AppLog log = AppLog.open(dir, "shop", LogRotation.DEFAULT)) {
            log.append("berth", "one\ntwo\r\nthree\n");
            assertThat(read(log.file()).stream().map(AppLogTest::text)).containsExactly("one", "two", "three");
        }
    }

    @Test
    void anEndlessLineIsCutAtACharacterBoundary() throws IOException {
        try (AppLog log = AppLog.open(dir, "shop", LogRotation.DEFAULT)) {
            OutputStream out = log.stream("web:7");
            // 'é' is two bytes; an odd number of ASCII bytes first puts a character across the cut.
            String text = "x" + "é".repeat(LogLineStream.MAX_LINE_BYTES);
            out.write(utf8(text));
            out.close();
            List<String> texts = read(log.file()).stream().map(AppLogTest::text).toList();
            assertThat(texts).hasSizeGreaterThan(2);
            assertThat(texts).allMatch(piece -> utf8(piece).length <= LogLineStream.MAX_LINE_BYTES);
            assertThat(String.join("", texts)).isEqualTo(text);
        }
    }

    @Test
    void completeCharactersLeavesAnUnfinishedCharacterForTheNextPiece() {
        assertThat(LogLineStream.completeCharacters(utf8("abc"))).isEqualTo(3);
        assertThat(LogLineStream.completeCharacters(utf8("aé"))).isEqualTo(3);
        byte[] euro = utf8("a€"); // three bytes after 'a'
        assertThat(LogLineStream.completeCharacters(java.util.Arrays.copyOf(euro, 3))).isEqualTo(1);
        assertThat(LogLineStream.completeCharacters(java.util.Arrays.copyOf(euro, 2))).isEqualTo(1);
        assertThat(LogLineStream.completeCharacters(euro)).isEqualTo(4);
    }

    @Test
    void rotatesBySizeKeepingAtMostMaxFiles() throws IOException {
        LogRotation rotation = new LogRotation(300, 4, 10_000);
        try (AppLog log = AppLog.open(dir, "shop", rotation)) {
            for (int i = 0; i < 200; i++) {
                log.append("web:1", String.format("line %04d", i));
            }
            assertThat(logFiles()).extracting(path -> path.getFileName().toString())
                    .containsExactly("app-shop.log", "app-shop.log.1", "app-shop.log.2", "app-shop.log.3");
            for (Path file : logFiles()) {
                assertThat(Files.size(file)).isLessThanOrEqualTo(300);
            }
            // Newest in the current file, then .1, .2, .3: one unbroken run of numbers ending at 199.
            List<String> all = new ArrayList<>();
            for (String name : List.of("app-shop.log.3", "app-shop.log.2", "app-shop.log.1", "app-shop.log")) {
                all.addAll(read(dir.resolve(name)));
            }
            List<Integer> numbers = all.stream().map(line -> Integer.parseInt(text(line).substring(5))).toList();
            assertThat(numbers.getLast()).isEqualTo(199);
            for (int i = 1; i < numbers.size(); i++) {
                assertThat(numbers.get(i)).isEqualTo(numbers.get(i - 1) + 1);
            }
            assertThat(numbers.size()).isGreaterThan(8);
        }
    }

    @Test
    void theTotalCapHoldsAtEveryMomentAndDropsTheOldestFiles() throws IOException {
        LogRotation rotation = new LogRotation(300, 20, 1000);
        try (AppLog log = AppLog.open(dir, "shop", rotation)) {
            for (int i = 0; i < 300; i++) {
                log.append("web:1", String.format("line %04d", i));
                assertThat(totalBytes()).isLessThanOrEqualTo(1000);
            }
            List<String> names = logFiles().stream().map(path -> path.getFileName().toString()).toList();
            assertThat(names).hasSizeLessThan(5).contains("app-shop.log", "app-shop.log.1");
            assertThat(read(dir.resolve("app-shop.log"))).last().satisfies(line -> assertThat(line).endsWith("line 0299"));
        }
    }

    @Test
    void reopeningAppendsAndAppliesShrunkLimits() throws IOException {
        try (AppLog log = AppLog.open(dir, "shop", new LogRotation(300, 10, 10_000))) {
            for (int i = 0; i < 100; i++) {
                log.append("web:1", String.format("line %04d", i));
            }
        }
        assertThat(logFiles()).hasSizeGreaterThan(5);
        try (AppLog log = AppLog.open(dir, "shop", new LogRotation(300, 3, 10_000))) {
            assertThat(logFiles()).hasSize(3);
            long before = Files.size(log.file());
            log.append("web:1", "again");
            assertThat(Files.size(log.file())).isGreaterThan(before);
            assertThat(log.tail(1)).singleElement().satisfies(line -> assertThat(line).endsWith("] again"));
        }
    }

    @Test
    void aLineLongerThanAWholeFileIsCutToFit() throws IOException {
        try (AppLog log = AppLog.open(dir, "shop", new LogRotation(100, 2, 200))) {
            log.append("web:1", "y".repeat(500));
            assertThat(totalBytes()).isLessThanOrEqualTo(200);
            log.append("web:1", "short");
            assertThat(read(log.file())).singleElement().satisfies(line -> assertThat(line).endsWith("short"));
        }
    }

    @Test
    void concurrentWritersNeverMixTheirLines() throws Exception {
        int writers = 8;
        int lines = 500;
        try (AppLog log = AppLog.open(dir, "shop", new LogRotation(1 << 20, 5, 5 << 20))) {
            CyclicBarrier go = new CyclicBarrier(writers);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                threads.add(Thread.ofPlatform().start(() -> {
                    Random random = new Random(writer);
                    try (OutputStream out = log.stream("w" + writer)) {
                        go.await();
                        StringBuilder text = new StringBuilder();
                        for (int i = 0; i < lines; i++) {
                            text.append("writer ").append(writer).append(" line ").append(i).append('\n');
                        }
                        byte[] bytes = utf8(text.toString());
                        // Arbitrary chunk sizes, as a pipe delivers them.
                        for (int at = 0; at < bytes.length; ) {
                            int length = Math.min(bytes.length - at, 1 + random.nextInt(40));
                            out.write(bytes, at, length);
                            at += length;
                        }
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            List<String> all = read(log.file());
            assertThat(all).hasSize(writers * lines);
            int[] next = new int[writers];
            for (String line : all) {
                Matcher matcher = LINE.matcher(line);
                assertThat(matcher.matches()).as(line).isTrue();
                int writer = Integer.parseInt(matcher.group(1).substring(1));
                assertThat(matcher.group(2)).isEqualTo("writer " + writer + " line " + next[writer]);
                next[writer]++;
            }
        }
    }

    @Test
    void tailReadsTheLastLinesAcrossRotatedFiles() throws IOException {
        try (AppLog log = AppLog.open(dir, "shop", new LogRotation(300, 10, 10_000))) {
            assertThat(log.tail(5)).isEmpty();
            for (int i = 0; i < 100; i++) {
                log.append("web:1", String.format("line %04d", i));
            }
            assertThat(log.tail(0)).isEmpty();
            assertThat(log.tail(3).stream().map(AppLogTest::text)).containsExactly("line 0097", "line 0098", "line 0099");
            List<String> many = log.tail(40).stream().map(AppLogTest::text).toList();
            assertThat(many).hasSize(40).startsWith("line 0060").endsWith("line 0099");
            List<String> everything = log.tail(10_000);
            assertThat(everything.size()).isLessThan(100).isGreaterThan(40);
            assertThat(everything).last().satisfies(line -> assertThat(line).endsWith("line 0099"));
        }
    }

    @Test
    void tailOfALongFileReadsAcrossBlockBoundaries() throws IOException {
        try (AppLog log = AppLog.open(dir, "shop", LogRotation.DEFAULT)) {
            for (int i = 0; i < 5000; i++) {
                log.append("web:1", i + " " + "z".repeat(i % 37));
            }
            List<String> last = log.tail(1234);
            assertThat(last).hasSize(1234);
            for (int i = 0; i < last.size(); i++) {
                int number = 5000 - 1234 + i;
                assertThat(text(last.get(i))).isEqualTo(number + " " + "z".repeat(number % 37));
            }
        }
    }

    @Test
    void followDeliversNewLinesInOrderUntilClosed() throws IOException {
        try (AppLog log = AppLog.open(dir, "shop", LogRotation.DEFAULT)) {
            log.append("web:1", "before");
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            LogFollower follower = log.follow(line -> seen.add(text(line)));
            for (int i = 0; i < 100; i++) {
                log.append("web:1", "line " + i);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 100);
            assertThat(seen.getFirst()).isEqualTo("line 0");
            assertThat(seen.getLast()).isEqualTo("line 99");
            follower.close();
            assertThat(follower.isOpen()).isFalse();
            log.append("web:1", "after close");
            follower.close();
            sleep(100);
            assertThat(seen).hasSize(100).doesNotContain("after close", "before");
        }
    }

    @Test
    void followWithABacklogMissesNothingInBetween() throws IOException {
        try (AppLog log = AppLog.open(dir, "shop", LogRotation.DEFAULT)) {
            for (int i = 0; i < 10; i++) {
                log.append("web:1", "old " + i);
            }
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            LogFollower follower = log.follow(3, line -> seen.add(text(line)));
            log.append("web:1", "new");
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 4);
            assertThat(seen).containsExactly("old 7", "old 8", "old 9", "new");
            follower.close();
        }
    }

    @Test
    void aSlowFollowerNeverHoldsUpTheWriterAndIsToldWhatItMissed() throws Exception {
        try (AppLog log = AppLog.open(dir, "shop", new LogRotation(1 << 20, 3, 3 << 20))) {
            CountDownLatch release = new CountDownLatch(1);
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            LogFollower follower = log.follow(line -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                seen.add(text(line));
            });
            int lines = LogFollower.QUEUE_LINES + 500;
            for (int i = 0; i < lines; i++) {
                log.append("web:1", "line " + i);
            }
            assertThat(log.tail(1)).singleElement().satisfies(line -> assertThat(line).endsWith("line " + (lines - 1)));
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= LogFollower.QUEUE_LINES);
            log.append("web:1", "later");
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("later"));
            assertThat(seen).anyMatch(line -> line.matches("\\d+ lines left out: the reader was too slow"));
            assertThat(seen.size()).isLessThan(lines);
            follower.close();
        }
    }

    @Test
    void aFailingReaderStopsItsFollowerOnly() throws IOException {
        try (AppLog log = AppLog.open(dir, "shop", LogRotation.DEFAULT)) {
            LogFollower broken = log.follow(line -> {
                throw new IllegalStateException("connection closed");
            });
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            log.follow(line -> seen.add(text(line)));
            log.append("web:1", "one");
            await().atMost(Duration.ofSeconds(5)).until(() -> !broken.isOpen());
            log.append("web:1", "two");
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
        }
    }

    @Test
    void closingTheLogClosesFollowersAndDropsLaterLines() throws IOException {
        AppLog log = AppLog.open(dir, "shop", LogRotation.DEFAULT);
        LogFollower follower = log.follow(line -> { });
        log.close();
        assertThat(follower.isOpen()).isFalse();
        log.append("web:1", "dropped");
        assertThat(read(log.file())).isEmpty();
        assertThat(log.follow(line -> { }).isOpen()).isFalse();
        log.close();
    }

    @Test
    void refusesNamesThatAreNotAFileName() {
        for (String name : List.of("", ".", "..", "a/b", "x\ny")) {
            assertThatThrownBy(() -> AppLog.open(dir, name, LogRotation.DEFAULT))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void rotationLimitsAreChecked() {
        assertThat(LogRotation.DEFAULT).isEqualTo(new LogRotation(5 << 20, 20, 100L << 20));
        assertThatThrownBy(() -> new LogRotation(0, 1, 1)).hasMessageContaining("maxFileBytes");
        assertThatThrownBy(() -> new LogRotation(10, 0, 10)).hasMessageContaining("maxFiles");
        assertThatThrownBy(() -> new LogRotation(10, 2, 9)).hasMessageContaining("maxTotalBytes");
    }

    /** The text after the stamp and label. */
    static String text(String line) {
        Matcher matcher = LINE.matcher(line);
        if (matcher.matches()) {
            return matcher.group(2);
        }
        int label = line.indexOf("] ");
        return label < 0 ? line : line.substring(label + 2);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
