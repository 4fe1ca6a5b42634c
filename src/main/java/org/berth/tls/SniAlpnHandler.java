package org.berth.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;

/**
 * The first handler of a TLS connection: it reads the ClientHello, asks the listener's
 * {@link CertificateSelector} with the SNI name and whether ALPN offers {@code acme-tls/1}, and
 * replaces itself with an {@code SslHandler} of the chosen context (Netty's {@link SniHandler} does the
 * buffering, the replacement and the handshake timeout). After the handshake, the negotiated protocol
 * ({@code h2}, {@code http/1.1}, or {@code acme-tls/1} for a CA's validation) is the SslHandler's
 * {@code applicationProtocol()}, and {@link #hostname()} is the SNI name.
 *
 * <p>One instance per connection; it is not sharable.
 */
public final class SniAlpnHandler extends SniHandler {
    /** Time for the client to send its ClientHello; a silent connection is closed after it. */
    static final long CLIENT_HELLO_TIMEOUT_MILLIS = 10_000;

    private final CertificateSelector selector;
    private boolean offersAcmeTls;

    public SniAlpnHandler(CertificateSelector selector) {
        // The mapping is only Netty's fallback: both lookups below are overridden.
        super(host -> selector.select(host, false), CLIENT_HELLO_TIMEOUT_MILLIS);
        this.selector = selector;
    }

    @Override
    protected Future<SslContext> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) throws Exception {
        offersAcmeTls = clientHello != null && ClientHelloAlpn.protocols(clientHello).contains(ServerTlsContexts.ACME_TLS_1);
        return super.lookup(ctx, clientHello);
    }

    /**
     * Without resumption, the session leaves the server's cache once the handshake is done, so TLS 1.2 cannot
     * resume it by session ID (tickets are off in the context itself; see {@link ServerTlsContexts}).
     */
    @Override
    protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
        SslHandler handler = super.newSslHandler(context, allocator);
        if (!selector.resumption()) {
            handler.handshakeFuture().addListener(done -> {
                if (done.isSuccess()) {
                    handler.engine().getSession().invalidate();
                }
            });
        }
        return handler;
    }

    @Override
    protected Future<SslContext> lookup(ChannelHandlerContext ctx, String hostname) {
        return ctx.executor().newSucceededFuture(selector.select(hostname, offersAcmeTls));
    }
}
