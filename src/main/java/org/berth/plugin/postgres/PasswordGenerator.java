package org.berth.plugin.postgres;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Passwords for apps' roles: 32 bytes from {@link SecureRandom} (256 bits), written as 43 characters
 * of URL-safe base64 ({@code A-Z a-z 0-9 - _}), so they sit in {@code DATABASE_URL} and shell
 * variables without any escaping. (Keter uses 10 lower-case letters from a non-cryptographic generator.)
 */
public final class PasswordGenerator {
    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordGenerator() {
    }

    public static String generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
