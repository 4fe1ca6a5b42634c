package org.berth.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.berth.bundle.Middleware;

/**
 * The {@code basic-auth} middleware: a request passes with an {@code Authorization: Basic}
 * header naming one of the stanza's users with its password, and gets 401 with a
 * {@code WWW-Authenticate} challenge otherwise (no header, another scheme, bad Base64, no colon,
 * wrong user or password).
 *
 * <p>The check takes the same time whoever asks: the presented user and password are hashed and
 * compared, without stopping early, with the hashes of every configured pair — so neither a
 * user's existence nor a password's length or prefix shows in the timing. Keter compares in
 * plain text. Users and passwords are compared as UTF-8 bytes, case-sensitively.
 */
final class MiddlewareBasicAuth {
    static final String BODY = "Basic authentication is required";

    private final List<byte[][]> credentialHashes = new ArrayList<>();
    private final String challenge;

    MiddlewareBasicAuth(Middleware.BasicAuth config) {
        for (Map.Entry<String, String> credential : config.credentials().entrySet()) {
            credentialHashes.add(new byte[][] {hash(utf8(credential.getKey())), hash(utf8(credential.getValue()))});
        }
        this.challenge = "Basic realm=\"" + quoted(config.realm()) + "\", charset=\"UTF-8\"";
    }

    /** Whether {@code authorization} (the header's value, may be null) names a configured user and its password. */
    boolean accepts(String authorization) {
        byte[] decoded = decode(authorization);
        if (decoded == null) {
            return false;
        }
        int colon = indexOf(decoded, (byte) ':');
        if (colon < 0) {
            return false;
        }
        byte[] user = hash(Arrays.copyOfRange(decoded, 0, colon));
        byte[] password = hash(Arrays.copyOfRange(decoded, colon + 1, decoded.length));
        boolean found = false;
        for (byte[][] credential : credentialHashes) {
            // Non-short-circuit operators: every pair is compared, whatever matched before.
            found |= MessageDigest.isEqual(user, credential[0]) & MessageDigest.isEqual(password, credential[1]);
        }
        return found;
    }

    /** The {@code WWW-Authenticate} value: {@code Basic realm="keter", charset="UTF-8"}. */
    String challenge() {
        return challenge;
    }

    /** The credentials of a {@code Basic} header, or null when it is absent or malformed. */
    private static byte[] decode(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("basic")) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(value.substring(space + 1).trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hash(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The realm inside a quoted-string: backslash and quote escaped, control characters (a header breaker) blanked. */
    private static String quoted(String text) {
        return text.replaceAll("[\\x00-\\x1f\\x7f]", " ").replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
