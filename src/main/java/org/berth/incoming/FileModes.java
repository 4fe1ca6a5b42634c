package org.berth.incoming;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Permissions berth gives unpacked files. Only the exec bits of the archive's mode carry over:
 * they are what a bundle needs (its binaries and scripts must run), while setuid/setgid/sticky
 * and world-writable bits are what an attacker would want. Everything is readable, so an app
 * running as another user (Keter's {@code setuid}) can read its own bundle.
 */
final class FileModes {
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

    private static final int EXEC_BITS = 0111;
    private static final int BASE_FILE_MODE = 0644;

    private FileModes() {}

    /** 0644, plus whichever of the owner/group/other exec bits the archive set. */
    static Set<PosixFilePermission> forFile(int archiveMode) {
        return fromOctal(BASE_FILE_MODE | (archiveMode & EXEC_BITS));
    }

    static Set<PosixFilePermission> fromOctal(int mode) {
        StringBuilder text = new StringBuilder(9);
        String letters = "rwx";
        for (int bit = 8; bit >= 0; bit--) {
            text.append((mode & (1 << bit)) != 0 ? letters.charAt(2 - bit % 3) : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }
}
