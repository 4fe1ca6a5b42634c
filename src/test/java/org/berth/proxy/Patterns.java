package org.berth.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;

/** A reproducible byte stream for transfer tests: byte i is a function of i. */
final class Patterns {
    private Patterns() {
    }

    static byte at(long index) {
        return (byte) (index * 31 + (index >>> 11));
    }

    static void fill(byte[] buffer, long offset, int length) {
        for (int i = 0; i < length; i++) {
            buffer[i] = at(offset + i);
        }
    }

    static long crc(long size) {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        for (long done = 0; done < size; ) {
            int n = (int) Math.min(buffer.length, size - done);
            fill(buffer, done, n);
            crc.update(buffer, 0, n);
            done += n;
        }
        return crc.getValue();
    }

    /** {@code size} bytes of the pattern, generated as they are read. */
    static InputStream stream(long size) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < size ? at(position++) & 0xff : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (position >= size) {
                    return -1;
                }
                int n = (int) Math.min(length, size - position);
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] = at(position + i);
                }
                position += n;
                return n;
            }
        };
    }
}
