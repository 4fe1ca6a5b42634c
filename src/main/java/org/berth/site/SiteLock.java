package org.berth.site;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.berth.naming.SiteName;

/**
 * Holds the right to act on one site. Two layers: a semaphore for threads of this JVM (file
 * locks are per process, so two threads would both "get" one) and an OS file lock under the
 * data root, which the CLI and the server share. Waiting callers queue; none fails.
 */
public final class SiteLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, Semaphore> LOCAL = new ConcurrentHashMap<>();

    private final Semaphore local;
    private final FileChannel channel;
    private final FileLock fileLock;

    private SiteLock(Semaphore local, FileChannel channel, FileLock fileLock) {
        this.local = local;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Blocks until this site is free, then holds it until {@link #close()}. */
    public static SiteLock acquire(Path lockDirectory, SiteName site) throws IOException, InterruptedException {
        Files.createDirectories(lockDirectory);
        Path file = lockDirectory.resolve(site.value() + ".lock").toAbsolutePath().normalize();
        Semaphore local = LOCAL.computeIfAbsent(file, key -> new Semaphore(1, true));
        local.acquire();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new SiteLock(local, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            local.release();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            local.release();
        }
    }
}
