package org.berth.proxy;

import io.netty.channel.DefaultFileRegion;
import java.nio.channels.FileChannel;

/** A static file's body: sent zero-copy on plain connections, read in chunks by {@link FileRegionChunks} on HTTPS. */
final class StaticFileRegion extends DefaultFileRegion {
    private final FileChannel file;

    StaticFileRegion(FileChannel file, long position, long count) {
        super(file, position, count);
        this.file = file;
    }

    FileChannel file() {
        return file;
    }
}
