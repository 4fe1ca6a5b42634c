package org.berth.incoming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.berth.incoming.TarBuilder.tar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleUnpackerTest {
    private static final String LONG_NAME = "dist/" + "very-long-folder-name-".repeat(6) + "/" + "x".repeat(120) + ".js";

    @TempDir
    Path tmp;

    private Path bundle;
    private Path release;
    private final BundleUnpacker unpacker = new BundleUnpacker();

    @BeforeEach
    void layout() throws IOException {
        bundle = tmp.resolve("app.keter");
        Files.createDirectories(tmp.resolve("releases"));
        Files.createDirectories(tmp.resolve("outside"));
        release = tmp.resolve("releases/app-1");
    }

    // ---- a good bundle ----

    @Test
    void unpacksAValidBundleWithModesNestedFoldersLinksAndLongNames() throws Exception {
        tar().dir("./", 0755)
                .file("./config/keter.yaml", "exec: ../dist/bin/app\n")
                .file("dist/bin/app", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8), 04777)
                .file("dist/private.key", "secret".getBytes(StandardCharsets.UTF_8), 0600)
                .dir("dist/static", 0700)
                .file("a/b/c/d/deep.txt", "parents never listed")
                .file("dist/app.css", "first")
                .file("dist/app.css", "second, last wins")
                .symlink("dist/current", "bin/app")
                .symlink("static", "dist/static")
                .hardLink("dist/app-copy", "dist/bin/app")
                .file(LONG_NAME, "long")
                .writeTo(bundle);

        UnpackResult result = unpacker.unpack(bundle, release);

        assertThat(result.releaseDir()).isEqualTo(release);
        assertThat(result.entries()).isEqualTo(12);
        assertThat(result.bytes()).isEqualTo(22 + 18 + 6 + 20 + 5 + 17 + 4);
        assertThat(result.sha256()).isEqualTo(sha256(bundle));
        assertThat(release.resolve("config/keter.yaml")).hasContent("exec: ../dist/bin/app");
        assertThat(mode(release.resolve("dist/bin/app"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(release.resolve("dist/private.key"))).isEqualTo("rw-r--r--");
        assertThat(mode(release.resolve("dist/static"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(release.resolve("a/b/c/d"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(release)).isEqualTo("rwxr-xr-x");
        assertThat(release.resolve("a/b/c/d/deep.txt")).hasContent("parents never listed");
        assertThat(release.resolve("dist/app.css")).hasContent("second, last wins");
        assertThat(Files.readSymbolicLink(release.resolve("dist/current"))).isEqualTo(Path.of("bin/app"));
        assertThat(Files.isSymbolicLink(release.resolve("static"))).isTrue();
        assertThat(release.resolve("dist/app-copy")).hasContent("#!/bin/sh\necho hi");
        assertThat(release.resolve(LONG_NAME)).hasContent("long");
    }

    @Test
    void readsGnuLongNames() throws Exception {
        tar().gnuLongNames().file(LONG_NAME, "long").writeTo(bundle);

        unpacker.unpack(bundle, release);

        assertThat(release.resolve(LONG_NAME)).hasContent("long");
    }

    @Test
    void anEntryCanReplaceAFileOrLinkOfTheSameName() throws Exception {
        tar().file("x", "file").symlink("x", "elsewhere").file("y", "file").dir("y", 0755).file("y/z", "inside")
                .writeTo(bundle);

        unpacker.unpack(bundle, release);

        assertThat(Files.readSymbolicLink(release.resolve("x"))).isEqualTo(Path.of("elsewhere"));
        assertThat(release.resolve("y/z")).hasContent("inside");
    }

    // ---- paths ----

    @Test
    void refusesParentSegments() throws Exception {
        assertRefused(tar().file("../x", "evil"),
                "bundle 'app.keter' refused: entry '../x': its path contains a '..' segment;"
                        + " bundle paths must stay inside the bundle");
        assertRefused(tar().file("ok.txt", "fine").file("a/../../x", "evil"),
                "bundle 'app.keter' refused: entry 'a/../../x': its path contains a '..' segment;"
                        + " bundle paths must stay inside the bundle");
    }

    @Test
    void refusesAbsolutePathsShortAndLong() throws Exception {
        Path target = tmp.resolve("outside/abs-evil");
        String absolute = target.toString();
        String message = "bundle 'app.keter' refused: entry '" + absolute + "': its path is an absolute path;"
                + " bundle paths must be relative to the bundle root";
        assertRefused(tar().file(absolute, "evil"), message);
        assertThat(target).doesNotExist();

        // Commons Compress strips the slash from PAX and GNU long names; berth must still see it.
        String longAbsolute = "/" + "x".repeat(150);
        String longMessage = "bundle 'app.keter' refused: entry '" + longAbsolute + "': its path is an absolute path;"
                + " bundle paths must be relative to the bundle root";
        assertRefused(tar().file(longAbsolute, "evil"), longMessage);
        assertRefused(tar().gnuLongNames().file(longAbsolute, "evil"), longMessage);
    }

    // ---- links ----

    @Test
    void refusesSymlinksLeavingTheBundle() throws Exception {
        assertRefused(tar().symlink("config/link", "../../etc"),
                "bundle 'app.keter' refused: entry 'config/link': symbolic link target '../../etc' leads outside the bundle");
        assertRefused(tar().symlink("link", "/etc/passwd"),
                "bundle 'app.keter' refused: entry 'link': symbolic link target '/etc/passwd' is an absolute path;"
                        + " links must point inside the bundle");
    }

    @Test
    void refusesSymlinkChainsThatLeaveTheBundle() throws Exception {
        // "a/up/.." reads as "a", but a/up is the root, so it means the root's parent.
        assertRefused(tar().symlink("a/up", "..").symlink("escape", "a/up/.."),
                "bundle 'app.keter' refused: entry 'escape': symbolic link target 'a/up/..' leads outside the bundle");
        // Same, with the link that makes it escape arriving after it: caught by the final check.
        assertRefused(tar().symlink("escape", "a/up/..").symlink("a/up", ".."),
                "bundle 'app.keter' refused: entry 'escape': symbolic link target 'a/up/..' leads outside the bundle");
    }

    @Test
    void refusesSymlinkLoops() throws Exception {
        assertRefused(tar().symlink("a", "b").symlink("b", "a").symlink("c", "a/x"),
                "bundle 'app.keter' refused: entry 'c': symbolic links nest more than 40 levels deep (a loop?)");
    }

    @Test
    void neverWritesThroughALinkPlantedEarlier() throws Exception {
        String evil = "evil-" + UUID.randomUUID();
        assertRefused(tar().symlink("dir", "/tmp").file("dir/" + evil, "evil"),
                "bundle 'app.keter' refused: entry 'dir': symbolic link target '/tmp' is an absolute path;"
                        + " links must point inside the bundle");
        assertThat(Path.of("/tmp", evil)).doesNotExist();

        assertRefused(tar().dir("sub", 0755).symlink("dir", "sub").file("dir/evil", "evil"),
                "bundle 'app.keter' refused: entry 'dir/evil': its folder 'dir' is a symbolic link;"
                        + " berth does not write through links");
    }

    @Test
    void refusesHardLinksOutOfTheBundle() throws Exception {
        Files.writeString(tmp.resolve("outside/secret"), "secret");
        assertRefused(tar().hardLink("stolen", "../outside/secret"),
                "bundle 'app.keter' refused: entry 'stolen': its hard link target contains a '..' segment;"
                        + " bundle paths must stay inside the bundle");
        assertRefused(tar().hardLink("stolen", "/etc/passwd"),
                "bundle 'app.keter' refused: entry 'stolen': its hard link target is an absolute path;"
                        + " bundle paths must be relative to the bundle root");
        assertRefused(tar().symlink("up", "..").hardLink("stolen", "up/outside/secret"),
                "bundle 'app.keter' refused: entry 'up': symbolic link target '..' leads outside the bundle");
        assertRefused(tar().dir("d", 0755).symlink("d/self", ".").hardLink("stolen", "d/self/x"),
                "bundle 'app.keter' refused: entry 'stolen': hard link target 'd/self/x' is not a file earlier in the bundle");
    }

    // ---- entry types ----

    @Test
    void refusesDevicesAndFifos() throws Exception {
        assertRefused(tar().special("dev/evil", TarConstants.LF_CHR, null),
                "bundle 'app.keter' refused: entry 'dev/evil': it is a character device;"
                        + " a bundle may hold only files, folders and links");
        assertRefused(tar().special("disk", TarConstants.LF_BLK, null),
                "bundle 'app.keter' refused: entry 'disk': it is a block device;"
                        + " a bundle may hold only files, folders and links");
        assertRefused(tar().special("pipe", TarConstants.LF_FIFO, null),
                "bundle 'app.keter' refused: entry 'pipe': it is a FIFO (named pipe);"
                        + " a bundle may hold only files, folders and links");
    }

    // ---- limits ----

    @Test
    void refusesTooManyEntries() throws Exception {
        TarBuilder tar = tar();
        for (int i = 0; i < 11; i++) {
            tar.file("f" + i, "x");
        }
        BundleUnpacker strict = new BundleUnpacker(new UnpackLimits(1 << 20, 10, 200));
        assertRefused(strict, tar, "bundle 'app.keter' refused: entry 'f10': the bundle holds more than the limit of 10 entries");
    }

    @Test
    void refusesTooManyBytes() throws Exception {
        BundleUnpacker strict = new BundleUnpacker(new UnpackLimits(1000, 100, 200));
        assertRefused(strict, tar().file("a", new byte[600], 0644).file("b", new byte[600], 0644),
                "bundle 'app.keter' refused: entry 'b': the bundle unpacks to more than the limit of 1000 bytes");
    }

    @Test
    void stopsAGzipBombEarly() throws Exception {
        tar().file("config/keter.yaml", "exec: ../x\n").zeros("zeros.bin", 200L << 20).writeTo(bundle);
        assertThat(Files.size(bundle)).isLessThan(400_000);

        String message = refusalMessage(unpacker, bundle);

        Matcher numbers = Pattern.compile("^bundle 'app.keter' refused: entry 'zeros.bin': the archive expands more than"
                + " 200-fold while unpacking \\((\\d+) bytes from (\\d+) compressed; limit: compression ratio 200\\);"
                + " this looks like a compression bomb$").matcher(message);
        assertThat(numbers.matches()).as(message).isTrue();
        // Written file content is a part of what was inflated: it stayed near the 1 MiB grace, far from 200 MiB.
        assertThat(Long.parseLong(numbers.group(1))).isLessThan(4L << 20);
    }

    @Test
    void aLyingHeaderCannotGetPastTheByteLimit() throws Exception {
        // The header's size is checked up front, so a bomb is also stopped before it starts.
        BundleUnpacker strict = new BundleUnpacker(new UnpackLimits(8L << 20, 100, 1_000_000));
        tar().zeros("zeros.bin", 20L << 20).writeTo(bundle);
        assertRefused(strict, bundle,
                "bundle 'app.keter' refused: entry 'zeros.bin': the bundle unpacks to more than the limit of 8 MiB (8388608 bytes)");
    }

    @Test
    void refusesHugeHeaderRecords() throws Exception {
        TarBuilder tar = tar().custom(entry -> entry.addPaxHeader("comment", "x".repeat(2 << 20)), "file", "content");
        assertRefused(tar, "bundle 'app.keter' refused: a long-name or PAX header record is larger than 1048576 bytes");
    }

    // ---- broken files ----

    @Test
    void refusesATruncatedBundle() throws Exception {
        byte[] whole = tar().file("config/keter.yaml", "exec: x\n").file("dist/blob", random(200_000), 0644).bytes();
        Files.write(bundle, Arrays.copyOf(whole, whole.length / 2));

        assertRefused(unpacker, bundle, "bundle 'app.keter' refused: entry 'dist/blob': unexpected end of archive:"
                + " the file is truncated or was not completely copied");

        Files.write(bundle, Arrays.copyOf(whole, whole.length - 3)); // only the gzip trailer is cut
        assertRefused(unpacker, bundle, "bundle 'app.keter' refused: unexpected end of archive:"
                + " the file is truncated or was not completely copied");
    }

    @Test
    void refusesFilesThatAreNotGzippedTars() throws Exception {
        Files.writeString(bundle, "this is not a bundle at all\n");
        assertRefused(unpacker, bundle, "bundle 'app.keter' refused: it is not gzip-compressed;"
                + " a bundle is a gzipped tar, made e.g. with 'tar -czf app.keter config dist'");

        Files.write(bundle, new byte[0]);
        assertRefused(unpacker, bundle, "bundle 'app.keter' refused: the file is empty");

        try (var gzip = new java.util.zip.GZIPOutputStream(Files.newOutputStream(bundle))) {
            gzip.write("plain text, gzipped, but no tar inside. ".repeat(40).getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> unpacker.unpack(bundle, release))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageStartingWith("bundle 'app.keter' refused: it is not a valid gzipped tar archive (");
        assertThat(release).doesNotExist();
    }

    // ---- our own side ----

    @Test
    void aMissingBundleIsOurProblemNotTheBundles() {
        assertThatThrownBy(() -> unpacker.unpack(tmp.resolve("nope.keter"), release))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(release).doesNotExist();
    }

    @Test
    void refusesToUnpackIntoAFolderThatIsNotEmpty() throws Exception {
        tar().file("a", "a").writeTo(bundle);
        Files.createDirectories(release);
        Files.writeString(release.resolve("keep"), "keep");

        assertThatThrownBy(() -> unpacker.unpack(bundle, release)).isInstanceOf(DirectoryNotEmptyException.class);
        assertThat(release.resolve("keep")).hasContent("keep");
    }

    @Test
    void acceptsAnExistingEmptyFolder() throws Exception {
        tar().file("a", "a").writeTo(bundle);
        Files.createDirectories(release);

        assertThat(unpacker.unpack(bundle, release).entries()).isEqualTo(1);
        assertThat(release.resolve("a")).hasContent("a");
    }

    // ---- helpers ----

    private void assertRefused(TarBuilder tar, String message) throws IOException {
        assertRefused(unpacker, tar, message);
    }

    private void assertRefused(BundleUnpacker unpacker, TarBuilder tar, String message) throws IOException {
        assertRefused(unpacker, tar.writeTo(bundle), message);
    }

    /** Refused with exactly this message, the release folder gone, nothing else changed under tmp. */
    private void assertRefused(BundleUnpacker unpacker, Path bundle, String message) throws IOException {
        assertThat(refusalMessage(unpacker, bundle)).isEqualTo(message);
    }

    private String refusalMessage(BundleUnpacker unpacker, Path bundle) throws IOException {
        Set<String> before = snapshot();
        BundleRejectedException refusal = catchThrowableOfType(BundleRejectedException.class,
                () -> unpacker.unpack(bundle, release));
        assertThat(refusal).as("unpacking should have been refused").isNotNull();
        assertThat(release).doesNotExist();
        assertThat(snapshot()).isEqualTo(before);
        return refusal.getMessage();
    }

    private Set<String> snapshot() throws IOException {
        try (Stream<Path> paths = Files.walk(tmp)) {
            return paths.map(path -> tmp.relativize(path).toString()).collect(TreeSet::new, Set::add, Set::addAll);
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }
}
