package org.berth.applog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Reads the last lines of a set of log files from the end backwards, so that asking for the
 * last 100 lines of a 100 MiB log reads a few kilobytes, not the whole log.
 */
final class TailReader {
    private static final int BLOCK = 8192;

    private TailReader() {
    }

    /** The last {@code count} lines over the files given newest first, returned oldest first. */
    static List<String> lastLines(List<Path> filesNewestFirst, int count) throws IOException {
        Deque<String> lines = new ArrayDeque<>();
        for (Path file : filesNewestFirst) {
            if (lines.size() >= count) {
                break;
            }
            readBackwards(file, count - lines.size(), lines);
        }
        return List.copyOf(lines);
    }

    /** Pushes up to {@code wanted} last lines of one file onto the front of {@code into}. */
    private static void readBackwards(Path file, int wanted, Deque<String> into) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = channel.size();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int found = 0;
            boolean atEnd = true;
            ByteBuffer block = ByteBuffer.allocate(BLOCK);
            while (position > 0 && found < wanted) {
                int length = (int) Math.min(BLOCK, position);
                position -= length;
                block.clear().limit(length);
                while (block.hasRemaining() && channel.read(block, position + block.position()) >= 0) {
                    // read until the block is full
                }
                for (int i = length - 1; i >= 0 && found < wanted; i--) {
                    byte b = block.get(i);
                    if (b == '\n') {
                        // The newline that ends the file ends the last line; it does not start one.
                        if (!atEnd) {
                            into.addFirst(reversedText(line));
                            found++;
                        }
                        line.reset();
                    } else {
                        line.write(b);
                    }
                    atEnd = false;
                }
            }
            if (position == 0 && found < wanted && line.size() > 0) {
                into.addFirst(reversedText(line));
            }
        } catch (NoSuchFileException e) {
            // rotated away between listing and reading: nothing to add
        }
    }

    private static String reversedText(ByteArrayOutputStream reversedBytes) {
        byte[] bytes = reversedBytes.toByteArray();
        for (int i = 0, j = bytes.length - 1; i < j; i++, j--) {
            byte swap = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = swap;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
