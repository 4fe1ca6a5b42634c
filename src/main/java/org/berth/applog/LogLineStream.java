package org.berth.applog;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The byte stream of one process's output, cut into lines for its {@link AppLog}. A line
 * ends at {@code \n} (a {@code \r} before it is dropped); what is left without a newline when
 * the stream closes — typically the process's last words before it exits — is still written
 * as a line; a line longer than {@link #MAX_LINE_BYTES} is cut into several, so a process that
 * never writes a newline cannot make berth buffer without bound.
 */
public final class LogLineStream extends OutputStream {
    public static final int MAX_LINE_BYTES = 64 * 1024;

    private final AppLog log;
    private final String label;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean closed;

    LogLineStream(AppLog log, String label) {
        this.log = log;
        this.label = label;
    }

    @Override
    public synchronized void write(int b) {
        if (closed) {
            return;
        }
        if (b == '\n') {
            emit();
            return;
        }
        pending.write(b);
        if (pending.size() >= MAX_LINE_BYTES) {
            emitCut();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        if (closed) {
            return;
        }
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                pending.write(bytes, start, i - start);
                emit();
                start = i + 1;
            } else if (pending.size() + (i + 1 - start) >= MAX_LINE_BYTES) {
                pending.write(bytes, start, i + 1 - start);
                emitCut();
                start = i + 1;
            }
        }
        pending.write(bytes, start, end - start);
    }

    /** Writes the partial line, if any, and refuses further output. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pending.size() > 0) {
            emit();
        }
    }

    private void emit() {
        byte[] line = pending.toByteArray();
        pending.reset();
        int length = line.length;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        log.append(label, new String(line, 0, length, StandardCharsets.UTF_8));
    }

    /** Cuts an overlong line at a character boundary; an unfinished character starts the next piece. */
    private void emitCut() {
        byte[] line = pending.toByteArray();
        int cut = completeCharacters(line);
        pending.reset();
        log.append(label, new String(line, 0, cut, StandardCharsets.UTF_8));
        pending.write(line, cut, line.length - cut);
    }

    /** How many leading bytes hold whole UTF-8 characters (all of them unless the last one is unfinished). */
    static int completeCharacters(byte[] bytes) {
        int lead = bytes.length - 1;
        while (lead > 0 && lead > bytes.length - 4 && (bytes[lead] & 0xC0) == 0x80) {
            lead--;
        }
        int first = bytes[lead] & 0xFF;
        int needed = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
        return lead > 0 && lead + needed > bytes.length ? lead : bytes.length;
    }
}
