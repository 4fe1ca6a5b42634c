package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;
import org.berth.applog.LogRotation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogWriterTest {
    @TempDir
    Path root;

    private static AccessLogEntry entry(int n) {
        return new AccessLogEntry(InetAddress.getLoopbackAddress(), Instant.parse("2026-11-22T10:00:00Z"), "GET",
                "/page/" + n, "HTTP/1.1", 200, n, Optional.empty(), Optional.empty(), Optional.empty(), 0,
                Optional.empty());
    }

    private List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file);
    }

    @Test
    void linesAreAppendedToLogAccessLog() throws IOException {
        Path file;
        try (AccessLogWriter writer = AccessLogWriter.open(root, AccessLogFormat.COMBINED, LogRotation.DEFAULT)) {
            file = writer.file();
            for (int i = 0; i < 3; i++) {
                assertThat(writer.log(entry(i))).isTrue();
            }
        }

        assertThat(file).isEqualTo(root.resolve("log/access.log"));
        assertThat(lines(file)).containsExactly(
                "127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] \"GET /page/0 HTTP/1.1\" 200 0 \"-\" \"-\"",
                "127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] \"GET /page/1 HTTP/1.1\" 200 1 \"-\" \"-\"",
                "127.0.0.1 - - [22/Nov/2026:10:00:00 +0000] \"GET /page/2 HTTP/1.1\" 200 2 \"-\" \"-\"");
    }

    @Test
    void anExistingLogIsAppendedTo() throws IOException {
        Files.createDirectories(root.resolve("log"));
        Files.writeString(root.resolve("log/access.log"), "earlier\n");

        try (AccessLogWriter writer = AccessLogWriter.open(root, AccessLogFormat.JSON, LogRotation.DEFAULT)) {
            writer.log(entry(1));
        }

        List<String> lines = lines(root.resolve("log/access.log"));
        assertThat(lines).hasSize(2).first().isEqualTo("earlier");
        assertThat(lines.get(1)).startsWith("{\"time\":");
    }

    @Test
    void aQuietLogIsOnDiskWithoutClosing() throws Exception {
        try (AccessLogWriter writer = AccessLogWriter.open(root, AccessLogFormat.COMBINED, LogRotation.DEFAULT)) {
            writer.log(entry(7));

            long deadline = System.nanoTime() + 5_000_000_000L;
            while (Files.size(writer.file()) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(lines(writer.file())).hasSize(1);
            assertThat(writer.written()).isEqualTo(1);
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ThreadFactory heldBack = task -> Thread.ofPlatform().daemon().unstarted(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                return;
            }
            task.run();
        });
        Path file = root.resolve("log/access.log");
        AccessLogWriter writer = new AccessLogWriter(file, AccessLogFormat.COMBINED, LogRotation.DEFAULT, 2, heldBack);

        assertThat(writer.log(entry(1))).isTrue();
        assertThat(writer.log(entry(2))).isTrue();
        assertThat(writer.log(entry(3))).isFalse();
        assertThat(writer.log(entry(4))).isFalse();
        assertThat(writer.dropped()).isEqualTo(2);

        release.countDown();
        writer.close();

        assertThat(lines(file)).hasSize(2);
        assertThat(writer.written()).isEqualTo(2);
    }

    @Test
    void afterCloseLinesAreDropped() throws IOException {
        AccessLogWriter writer = AccessLogWriter.open(root, AccessLogFormat.COMBINED, LogRotation.DEFAULT);
        writer.close();
        writer.close();

        assertThat(writer.log(entry(1))).isFalse();
        assertThat(writer.dropped()).isEqualTo(1);
    }

    @Test
    void manyThreadsLoseNothingWhileThereIsRoom() throws Exception {
        int threads = 8;
        int each = 500;
        Path file;
        try (AccessLogWriter writer = new AccessLogWriter(root.resolve("log/access.log"), AccessLogFormat.JSON,
                LogRotation.DEFAULT, threads * each, Thread.ofPlatform().daemon().factory())) {
            file = writer.file();
            List<Thread> writers = Stream.generate(() -> Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    writer.log(entry(i));
                }
            })).limit(threads).toList();
            for (Thread thread : writers) {
                thread.join();
            }
        }

        List<String> lines = lines(file);
        assertThat(lines).hasSize(threads * each);
        assertThat(lines).allMatch(line -> line.startsWith("{") && line.endsWith("}"));
    }

    @Test
    void theLogIsRotatedBySize() throws IOException {
        LogRotation rotation = new LogRotation(300, 3, 900);
        try (AccessLogWriter writer = AccessLogWriter.open(root, AccessLogFormat.COMBINED, rotation)) {
            for (int i = 0; i < 100; i++) {
                writer.log(entry(i));
            }
        }

        Path log = root.resolve("log");
        assertThat(log.resolve("access.log")).exists();
        assertThat(log.resolve("access.log.1")).exists();
        assertThat(log.resolve("access.log.2")).exists();
        assertThat(log.resolve("access.log.3")).doesNotExist();
        for (String name : List.of("access.log", "access.log.1", "access.log.2")) {
            assertThat(Files.size(log.resolve(name))).isLessThanOrEqualTo(300);
        }
        // The newest line is in the current file, the ones just before it in .1.
        assertThat(lines(log.resolve("access.log")).getLast()).contains("/page/99 ");
        List<String> previous = lines(log.resolve("access.log.1"));
        int firstCurrent = Integer.parseInt(lines(log.resolve("access.log")).getFirst().replaceAll(".*/page/(\\d+) .*", "$1"));
        assertThat(previous.getLast()).contains("/page/" + (firstCurrent - 1) + " ");
    }
}
