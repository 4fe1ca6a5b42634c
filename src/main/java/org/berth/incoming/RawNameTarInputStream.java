package org.berth.incoming;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar reader that remembers names as the archive spells them. Commons Compress silently
 * strips leading slashes from long names (PAX {@code path} records and GNU long-name entries),
 * which would turn "/etc/passwd" into "etc/passwd" before berth could refuse it. This class
 * keeps a copy of those records' bytes as the reader consumes them.
 */
final class RawNameTarInputStream extends TarArchiveInputStream {
    /** Real names and PAX records are a few hundred bytes; Commons Compress holds them in memory. */
    static final int MAX_NAME_RECORD_BYTES = 1 << 20;

    private final ByteArrayOutputStream paxRecords = new ByteArrayOutputStream();
    private final ByteArrayOutputStream gnuLongName = new ByteArrayOutputStream();
    /** getNextEntry recurses through the header entries that precede a real entry. */
    private int depth;

    RawNameTarInputStream(InputStream tar) {
        super(tar);
    }

    @Override
    public TarArchiveEntry getNextEntry() throws IOException {
        if (depth == 0) {
            paxRecords.reset();
            gnuLongName.reset();
        }
        depth++;
        try {
            return super.getNextEntry();
        } finally {
            depth--;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        TarArchiveEntry current = getCurrentEntry();
        boolean headerRecord = depth > 0 && current != null && (current.isPaxHeader() || current.isGlobalPaxHeader()
                || current.isGNULongNameEntry() || current.isGNULongLinkEntry());
        if (headerRecord && current.getSize() > MAX_NAME_RECORD_BYTES) {
            throw new ArchiveLimitException("a long-name or PAX header record is larger than "
                    + MAX_NAME_RECORD_BYTES + " bytes");
        }
        int n = super.read(buffer, offset, length);
        if (n > 0 && headerRecord) {
            if (current.isPaxHeader()) {
                paxRecords.write(buffer, offset, n);
            } else if (current.isGNULongNameEntry()) {
                gnuLongName.write(buffer, offset, n);
            }
        }
        return n;
    }

    /** The current entry's name before Commons Compress normalised it. */
    String rawName(TarArchiveEntry entry) {
        String pax = paxValue("path");
        if (pax != null) {
            return pax;
        }
        if (gnuLongName.size() > 0) {
            String name = gnuLongName.toString(StandardCharsets.UTF_8);
            int end = name.indexOf('\0');
            return end < 0 ? name : name.substring(0, end);
        }
        return entry.getName();
    }

    /** PAX records are "LENGTH key=value\n", LENGTH counting the whole record. */
    private String paxValue(String key) {
        byte[] data = paxRecords.toByteArray();
        String found = null;
        int pos = 0;
        while (pos < data.length) {
            int space = indexOf(data, (byte) ' ', pos);
            if (space < 0) {
                break;
            }
            int length;
            try {
                length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                break;
            }
            if (length < space - pos + 2 || pos + length > data.length) {
                break;
            }
            String record = new String(data, space + 1, pos + length - space - 2, StandardCharsets.UTF_8);
            if (record.startsWith(key + "=")) {
                found = record.substring(key.length() + 1);
            }
            pos += length;
        }
        return found;
    }

    private static int indexOf(byte[] data, byte wanted, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
