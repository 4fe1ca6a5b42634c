package org.berth.tls;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the ALPN protocol names from a ClientHello body (RFC 8446 §4.1.2, RFC 7301 §3.1), without
 * moving the buffer's indexes. Malformed input gives an empty list: the TLS stack will reject the
 * handshake itself, with its own alert.
 */
final class ClientHelloAlpn {
    private static final int ALPN_EXTENSION = 16;
    /** client_version (2) and random (32). */
    private static final int FIXED_PREFIX = 34;

    private ClientHelloAlpn() {
    }

    /** @param clientHello the handshake message body, from client_version on */
    static List<String> protocols(ByteBuf clientHello) {
        try {
            int end = clientHello.writerIndex();
            int offset = clientHello.readerIndex() + FIXED_PREFIX;
            offset += 1 + clientHello.getUnsignedByte(offset);            // session id
            offset += 2 + clientHello.getUnsignedShort(offset);           // cipher suites
            offset += 1 + clientHello.getUnsignedByte(offset);            // compression methods
            int extensionsEnd = Math.min(end, offset + 2 + clientHello.getUnsignedShort(offset));
            offset += 2;
            while (offset + 4 <= extensionsEnd) {
                int type = clientHello.getUnsignedShort(offset);
                int length = clientHello.getUnsignedShort(offset + 2);
                offset += 4;
                if (offset + length > extensionsEnd) {
                    return List.of();
                }
                if (type == ALPN_EXTENSION) {
                    return names(clientHello, offset, offset + length);
                }
                offset += length;
            }
        } catch (IndexOutOfBoundsException truncated) {
            // a ClientHello cut short: no ALPN to speak of
        }
        return List.of();
    }

    /** ProtocolNameList: a two-byte length, then names of one-byte length each. */
    private static List<String> names(ByteBuf buffer, int offset, int end) {
        int listEnd = Math.min(end, offset + 2 + buffer.getUnsignedShort(offset));
        List<String> names = new ArrayList<>();
        for (int at = offset + 2; at < listEnd; ) {
            int length = buffer.getUnsignedByte(at);
            if (length == 0 || at + 1 + length > listEnd) {
                return List.of();
            }
            names.add(buffer.toString(at + 1, length, StandardCharsets.US_ASCII));
            at += 1 + length;
        }
        return names;
    }
}
