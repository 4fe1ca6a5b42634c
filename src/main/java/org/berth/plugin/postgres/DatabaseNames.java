package org.berth.plugin.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The name of an app's role and database (one name for both): {@code berth_<app>_<hash>}, where
 * {@code <app>} is the app's name with every character outside {@code a-z 0-9 _} turned into
 * {@code _} and cut to fit, and {@code <hash>} the first 8 hex digits of the SHA-256 of the app's
 * name. So it is deterministic, within PostgreSQL's 63 bytes, plain enough for any client library,
 * and different for two apps whose names differ only in what was replaced or cut ({@code a.b},
 * {@code a-b}). The name is stored with the credentials, so changing this rule never renames an
 * existing database.
 */
public final class DatabaseNames {
    /** PostgreSQL's NAMEDATALEN - 1: longer identifiers are silently truncated by the server. */
    public static final int MAX_BYTES = 63;
    private static final String PREFIX = "berth_";
    private static final int HASH_DIGITS = 8;

    private DatabaseNames() {
    }

    public static String forApp(String app) {
        String sanitized = app.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        int room = MAX_BYTES - PREFIX.length() - 1 - HASH_DIGITS;
        if (sanitized.length() > room) {
            sanitized = sanitized.substring(0, room);
        }
        return PREFIX + sanitized + "_" + hash(app);
    }

    private static String hash(String app) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(app.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
