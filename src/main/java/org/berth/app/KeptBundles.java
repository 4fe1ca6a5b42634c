package org.berth.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * berth's own copies of deployed bundles ({@code <root>/bundles/<app>/<sha256>.keter}), so a
 * rollback or a restart does not depend on what is in {@code incoming/} now.
 */
final class KeptBundles {
    private final Path root;

    KeptBundles(Path root) {
        this.root = root;
    }

    /** A bundle copied in (atomically) with its checksum; an identical bundle already kept is reused. */
    record Kept(Path file, String sha256, long size) {
    }

    Kept keep(String app, Path source) throws IOException {
        Path folder = Files.createDirectories(root.resolve(app));
        Path temporary = Files.createTempFile(folder, ".incoming-", ".tmp");
        try {
            String sha256;
            try (InputStream in = new DigestInputStream(Files.newInputStream(source), sha256());
                 OutputStream out = Files.newOutputStream(temporary)) {
                in.transferTo(out);
                sha256 = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
            }
            Path kept = folder.resolve(sha256 + ".keter");
            Files.move(temporary, kept, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Kept(kept, sha256, Files.size(kept));
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    void delete(Path kept) {
        try {
            Files.deleteIfExists(kept);
        } catch (IOException ignored) {
            // pruning is best effort; the next prune tries again
        }
    }

    static String sha256Of(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
