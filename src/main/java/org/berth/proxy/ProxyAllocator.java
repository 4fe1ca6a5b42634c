package org.berth.proxy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * The buffer allocator of the proxy's connections, client and backend alike.
 *
 * <p>Netty 4.2's default (its "adaptive" allocator) cost about 10% of the proxy's CPU per request in
 * {@code bench/proxy}; the pooled allocator with one arena per event loop costs less. Its chunks are
 * kept at 1 MiB rather than 4 MiB: each loop's arena holds at least one chunk, and a proxy of
 * 1 KiB-to-64 KiB messages never needs more, so the smaller chunk saves memory for nothing.
 */
final class ProxyAllocator {
    private static final int PAGE_SIZE = 8192;
    /** {@code PAGE_SIZE << MAX_ORDER} is the chunk size: 1 MiB. */
    private static final int MAX_ORDER = 7;
    private static final int SMALL_CACHE = 256;
    private static final int NORMAL_CACHE = 64;

    private ProxyAllocator() {
    }

    /** A pooled allocator of direct buffers with one arena per event loop. */
    static ByteBufAllocator forLoops(int eventLoops) {
        // Caches only on the event loops: other threads (the lifecycle closing tunnels, say) rarely
        // allocate, and a cache per such thread would only hold memory.
        return new PooledByteBufAllocator(true, 0, eventLoops, PAGE_SIZE, MAX_ORDER, SMALL_CACHE, NORMAL_CACHE,
                false);
    }
}
