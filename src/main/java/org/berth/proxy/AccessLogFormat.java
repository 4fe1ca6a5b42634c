package org.berth.proxy;

import io.netty.util.NetUtil;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** How an {@link AccessLogEntry} becomes one line of the access log (without its newline). */
public enum AccessLogFormat {

    /**
     * nginx's {@code combined} (Apache's plus referer and user agent), readable by every log tool:
     *
     * <pre>203.0.113.9 - - [22/Nov/2026:10:00:00 +0000] "GET /a?b HTTP/1.1" 200 512 "-" "curl/8.5.0"</pre>
     *
     * Times are UTC. The remote user is always {@code -}. As nginx does, {@code "}, {@code \},
     * control characters and bytes beyond ASCII in the quoted fields are written {@code \xHH}, so
     * a client cannot forge a line or a field.
     */
    COMBINED {
        @Override
        public String format(AccessLogEntry entry) {
            StringBuilder line = new StringBuilder(160)
                    .append(address(entry)).append(" - - [").append(COMBINED_TIME.format(entry.time())).append("] \"");
            escapeCombined(entry.method() + " " + entry.target() + " " + entry.protocol(), line);
            line.append("\" ").append(entry.status()).append(' ').append(entry.bytesSent()).append(" \"");
            escapeCombined(entry.referer().orElse("-"), line);
            line.append("\" \"");
            escapeCombined(entry.userAgent().orElse("-"), line);
            return line.append('"').toString();
        }
    },

    /**
     * One JSON object per line, every field of the entry; absent ones are {@code null}:
     *
     * <pre>{"time":"2026-11-22T10:00:00.123Z","peer":"203.0.113.9","method":"GET","target":"/",
     * "protocol":"HTTP/1.1","status":200,"bytes_sent":512,"referer":null,"user_agent":"curl/8.5.0",
     * "host":"example.org","duration_us":1234,"upstream":"127.0.0.1:43124"}</pre>
     */
    JSON {
        @Override
        public String format(AccessLogEntry entry) {
            StringBuilder line = new StringBuilder(256).append('{');
            field(line, "time", Optional.of(entry.time().toString())).append(',');
            field(line, "peer", Optional.of(address(entry))).append(',');
            field(line, "method", Optional.of(entry.method())).append(',');
            field(line, "target", Optional.of(entry.target())).append(',');
            field(line, "protocol", Optional.of(entry.protocol())).append(',');
            line.append("\"status\":").append(entry.status()).append(',');
            line.append("\"bytes_sent\":").append(entry.bytesSent()).append(',');
            field(line, "referer", entry.referer()).append(',');
            field(line, "user_agent", entry.userAgent()).append(',');
            field(line, "host", entry.host()).append(',');
            line.append("\"duration_us\":").append(entry.durationMicros()).append(',');
            field(line, "upstream", entry.upstream());
            return line.append('}').toString();
        }
    };

    private static final DateTimeFormatter COMBINED_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/uuuu:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    public abstract String format(AccessLogEntry entry);

    /** {@code combined} or {@code json}, as written in the configuration. */
    public static Optional<AccessLogFormat> named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "combined" -> Optional.of(COMBINED);
            case "json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }

    /** RFC 5952 text: {@code ::1}, not {@code 0:0:0:0:0:0:0:1}. */
    private static String address(AccessLogEntry entry) {
        return NetUtil.toAddressString(entry.peer());
    }

    private static void escapeCombined(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || c == 0x7F) {
                hexByte(c, out);
            } else if (c <= 0x7E) {
                out.append(c);
            } else if (c <= 0xFF) {
                // A raw byte of the request line (Netty reads it as ISO-8859-1).
                hexByte(c, out);
            } else {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    hexByte(b & 0xFF, out);
                }
            }
        }
    }

    private static void hexByte(int value, StringBuilder out) {
        out.append("\\x").append(HEX[value >> 4 & 0xF]).append(HEX[value & 0xF]);
    }

    private static StringBuilder field(StringBuilder line, String name, Optional<String> value) {
        line.append('"').append(name).append("\":");
        if (value.isEmpty()) {
            return line.append("null");
        }
        line.append('"');
        String text = value.get();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    // Controls would break the line; lone surrogates would not survive UTF-8.
                    if (c < 0x20 || c == 0x7F || Character.isSurrogate(c)) {
                        line.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                                .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        return line.append('"');
    }
}
