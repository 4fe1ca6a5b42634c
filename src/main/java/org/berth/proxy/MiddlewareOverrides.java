package org.berth.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The query parameters WAI's {@code method-override} ({@code _method}) and
 * {@code accept-override} ({@code _accept}) read. Values are form-decoded ({@code +} is a space)
 * and refused when they could not go into a request line or header: a method must be an HTTP
 * token, an Accept value free of control characters. WAI checks neither; a bad value here is
 * ignored, as if absent.
 */
final class MiddlewareOverrides {
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private MiddlewareOverrides() {
    }

    /** {@code _method} of a POST request's query, when it is a valid method token. */
    static Optional<String> method(String method, String rawQuery) {
        if (!method.equals("POST")) {
            return Optional.empty();
        }
        return parameter(rawQuery, "_method").filter(MiddlewareOverrides::isToken);
    }

    /** {@code _accept} of the query, when it can be a header value. */
    static Optional<String> accept(String rawQuery) {
        return parameter(rawQuery, "_accept")
                .filter(value -> !value.isEmpty() && value.chars().noneMatch(c -> c < 0x20 || c == 0x7F));
    }

    /** The first value of {@code name} in a raw query ({@code ""} or {@code ?a=b&c}); a parameter without {@code =} has no value. */
    static Optional<String> parameter(String rawQuery, String name) {
        String query = rawQuery.startsWith("?") ? rawQuery.substring(1) : rawQuery;
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals < 0) {
                continue;
            }
            Optional<String> key = formDecoded(pair.substring(0, equals));
            if (key.isPresent() && key.get().equals(name)) {
                Optional<String> value = formDecoded(pair.substring(equals + 1));
                if (value.isPresent()) {
                    return value;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isToken(String text) {
        return !text.isEmpty() && text.chars().allMatch(c ->
                c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || TOKEN_SYMBOLS.indexOf(c) >= 0);
    }

    /** application/x-www-form-urlencoded decoding; empty for a bad escape or bytes that are not UTF-8. */
    private static Optional<String> formDecoded(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else if (c == '%' || c > 0xFF) {
                return Optional.empty();
            } else {
                bytes.write(c);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
