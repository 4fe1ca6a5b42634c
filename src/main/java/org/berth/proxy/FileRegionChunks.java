package org.berth.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.stream.ChunkedInput;
import java.io.IOException;

/**
 * On HTTPS connections, turns a static file's {@link StaticFileRegion} (zero-copy on plain connections)
 * into HttpContent chunks read from the file as the client takes them: TLS must encrypt the bytes and
 * HTTP/2 must frame them, so sendfile cannot be used there. Sits before a {@code ChunkedWriteHandler}.
 */
final class FileRegionChunks extends ChannelOutboundHandlerAdapter {
    static final int CHUNK = 16 * 1024;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg instanceof StaticFileRegion region ? new Chunks(region) : msg, promise);
    }

    /** The region's bytes, one chunk at a time; releasing it closes the file. */
    private static final class Chunks implements ChunkedInput<HttpContent> {
        private final StaticFileRegion region;
        private long sent;

        Chunks(StaticFileRegion region) {
            this.region = region;
        }

        @Override
        public boolean isEndOfInput() {
            return sent >= region.count();
        }

        @Override
        public void close() {
            if (region.refCnt() > 0) {
                region.release();
            }
        }

        @Override
        @Deprecated
        public HttpContent readChunk(ChannelHandlerContext ctx) throws IOException {
            return readChunk(ctx.alloc());
        }

        @Override
        public HttpContent readChunk(ByteBufAllocator allocator) throws IOException {
            if (isEndOfInput()) {
                return null;
            }
            int size = (int) Math.min(CHUNK, region.count() - sent);
            ByteBuf buffer = allocator.buffer(size);
            try {
                while (buffer.readableBytes() < size) {
                    long at = region.position() + sent + buffer.readableBytes();
                    if (buffer.writeBytes(region.file(), at, size - buffer.readableBytes()) < 0) {
                        throw new IOException("the file ended before its length");
                    }
                }
                sent += buffer.readableBytes();
                return new DefaultHttpContent(buffer);
            } catch (IOException | RuntimeException e) {
                buffer.release();
                throw e;
            }
        }

        @Override
        public long length() {
            return region.count();
        }

        @Override
        public long progress() {
            return sent;
        }
    }
}
