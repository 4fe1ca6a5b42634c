package org.berth.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads a process's output as it comes, hands every chunk to a listener (a terminal, a
 * job's log stream) and keeps a bounded copy for the store: the first half of the limit and
 * the most recent half, with a marker saying how much was left out in between.
 */
public final class OutputCapture {
    private final int limit;
    private final Consumer<byte[]> listener;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private final TailBuffer tail;
    private long total;

    public OutputCapture(long limit, Consumer<byte[]> listener) {
        this.limit = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2, limit));
        this.listener = listener;
        this.tail = new TailBuffer(this.limit / 2);
    }

    /** Pumps the stream to its end on the calling thread. */
    public void pump(InputStream stream) throws IOException {
        byte[] buffer = new byte[8192];
        int read;
        while ((read = stream.read(buffer)) != -1) {
            append(java.util.Arrays.copyOf(buffer, read));
        }
    }

    /** Adds text that berth itself writes into a run's output (e.g. "killed after 10m"). */
    public void note(String line) {
        append(("[berth] " + line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public synchronized void append(byte[] chunk) {
        listener.accept(chunk);
        total += chunk.length;
        int toHead = (int) Math.min(chunk.length, Math.max(0, limit / 2 - head.size()));
        head.write(chunk, 0, toHead);
        if (toHead < chunk.length) {
            tail.write(chunk, toHead, chunk.length - toHead);
        }
    }

    public synchronized long totalBytes() {
        return total;
    }

    public synchronized boolean truncated() {
        return total > head.size() + tail.size();
    }

    /** The kept output as text (invalid UTF-8 replaced). */
    public synchronized String text() {
        String start = head.toString(StandardCharsets.UTF_8);
        if (!truncated()) {
            return start + tail.text();
        }
        long dropped = total - head.size() - tail.size();
        return start + "\n[berth] … " + dropped + " bytes of output left out …\n" + tail.text();
    }

    /** A ring of the most recent bytes. */
    private static final class TailBuffer {
        private final byte[] ring;
        private int start;
        private int size;

        TailBuffer(int capacity) {
            ring = new byte[Math.max(1, capacity)];
        }

        void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                ring[(start + size) % ring.length] = bytes[i];
                if (size < ring.length) {
                    size++;
                } else {
                    start = (start + 1) % ring.length;
                }
            }
        }

        int size() {
            return size;
        }

        String text() {
            byte[] ordered = new byte[size];
            for (int i = 0; i < size; i++) {
                ordered[i] = ring[(start + i) % ring.length];
            }
            return new String(ordered, StandardCharsets.UTF_8);
        }
    }
}
