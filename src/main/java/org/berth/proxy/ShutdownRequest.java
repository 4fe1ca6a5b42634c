package org.berth.proxy;

/**
 * The event {@link ProxyServer#close()} sends through every client connection: an idle one closes
 * at once, a busy one after its current answer, a tunnel at once.
 */
enum ShutdownRequest {
    INSTANCE
}
