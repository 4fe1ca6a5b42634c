package org.berth.tls;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files holding private keys: folders {@code 0700}, files {@code 0600} from their first byte (the mode
 * is set at creation, never after), replaced atomically so a crash leaves the old file or the new one.
 */
final class SecretFiles {
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");

    private SecretFiles() {
    }

    /** Creates the folder and its missing parents with mode 0700; an existing one is narrowed to 0700. */
    static void createFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            Path parent = folder.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                createFolder(parent);
            }
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER_MODE));
        }
        Files.setPosixFilePermissions(folder, FOLDER_MODE);
    }

    static void write(Path file, String text) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        createFolder(folder);
        // A name of its own, created 0600, so no other reader ever sees the key, half written or whole.
        Path temporary = Files.createTempFile(folder, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(FILE_MODE));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(StandardCharsets.US_ASCII.encode(text));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
