package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 50 MB each way through the proxy against a slow reader: the bytes arrive intact and the proxy's
 * buffer memory stays far below the body's size, so nothing was buffered whole.
 */
class ProxyStreamingTest {
    private static final long SIZE = 50L * 1024 * 1024;
    /** Well under the body's size: what back-pressure leaves in flight is a few socket buffers' worth. */
    private static final long MEMORY_BOUND = 8L * 1024 * 1024;

    private HttpBackend backend;
    private ProxyFixture proxy;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws IOException {
        backend = new HttpBackend("stream");
        proxy = ProxyFixture.start();
        proxy.route("127.0.0.1", backend.target());
    }

    @AfterEach
    void stop() {
        http.close();
        proxy.close();
        backend.close();
    }

    @Test
    void aLargeChunkedUploadStreamsToASlowBackend() throws Exception {
        try (MemoryWatch memory = new MemoryWatch()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/upload"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> Patterns.stream(SIZE))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("bytes=" + SIZE + " crc=" + Patterns.crc(SIZE));
            assertThat(memory.peakGrowth()).isLessThan(MEMORY_BOUND);
        }
    }

    @Test
    void aLargeFixedLengthUploadStreamsToASlowBackend() throws Exception {
        try (MemoryWatch memory = new MemoryWatch()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/upload"))
                    .POST(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> Patterns.stream(SIZE)), SIZE)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("bytes=" + SIZE + " crc=" + Patterns.crc(SIZE));
            assertThat(memory.peakGrowth()).isLessThan(MEMORY_BOUND);
        }
    }

    @Test
    void anUploadReadWhileItsBackendConnectionIsMadeIsSentOn() throws Exception {
        // The body arrives in large reads while the proxy connects to a backend it has no idle connection
        // to, so it holds what it reads and writes it once connected: outside any read event, and enough to
        // fill the backend connection's buffer. That write once stayed unflushed and the upload stalled.
        int size = 1024 * 1024;
        byte[] body = new byte[size];
        Patterns.fill(body, 0, size);
        String upload = "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + size + "\r\n\r\n"
                // One write; ISO-8859-1 maps each body byte to one character and back.
                + new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
        try (RawHttpClient client = proxy.client()) {
            for (int round = 0; round < 5; round++) {
                // A large upload first, so this connection's reads have grown to their largest size.
                proxy.route("127.0.0.1", backend.target());
                assertThat(client.exchange(upload).status()).isEqualTo(200);
                try (HttpBackend fresh = new HttpBackend("fresh-" + round)) {
                    proxy.route("127.0.0.1", fresh.target());
                    RawHttpClient.Response response = client.exchange(upload);
                    assertThat(response.status()).as("round %d", round).isEqualTo(200);
                    assertThat(response.text()).isEqualTo("bytes=" + size + " crc=" + Patterns.crc(size));
                }
            }
        }
    }

    @Test
    void aLargeDownloadStreamsToASlowClient() throws Exception {
        try (MemoryWatch memory = new MemoryWatch(); RawHttpClient client = proxy.client()) {
            client.send(RawHttpClient.get("127.0.0.1", "/download?bytes=" + SIZE));
            InputStream in = client.input();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: " + SIZE);
            CRC32 crc = new CRC32();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            while (total < SIZE) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, SIZE - total));
                assertThat(n).isPositive();
                crc.update(buffer, 0, n);
                total += n;
                if (total % (1024 * 1024) < n) {
                    Thread.sleep(15);
                }
            }
            assertThat(crc.getValue()).isEqualTo(Patterns.crc(SIZE));
            assertThat(memory.peakGrowth()).isLessThan(MEMORY_BOUND);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + proxy.port + path);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            assertThat(c).isNotNegative();
            head.append((char) c);
        }
        return head.toString();
    }

    /** Samples the Netty allocator's direct memory while a transfer runs. */
    private static final class MemoryWatch implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong peak = new AtomicLong();
        private final long baseline = used();
        private final Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (running.get()) {
                peak.accumulateAndGet(used(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        private static long used() {
            return ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
        }

        long peakGrowth() {
            return peak.get() - baseline;
        }

        @Override
        public void close() {
            running.set(false);
            try {
                sampler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
