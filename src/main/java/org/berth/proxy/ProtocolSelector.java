package org.berth.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the TLS handshake: {@code h2} gets the HTTP/2 pipeline, {@code http/1.1} (or no ALPN) the
 * HTTP/1.1 one, and {@code acme-tls/1} — a CA checking a tls-alpn-01 challenge, whose whole point was the
 * handshake — is closed without reading a byte of it.
 */
final class ProtocolSelector extends ApplicationProtocolNegotiationHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProtocolSelector.class);
    static final String ACME_TLS_1 = "acme-tls/1";

    private final SecurePipelines pipelines;

    ProtocolSelector(SecurePipelines pipelines) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.pipelines = pipelines;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        switch (protocol) {
            case ApplicationProtocolNames.HTTP_2 -> pipelines.http2(ctx.pipeline());
            case ApplicationProtocolNames.HTTP_1_1 -> pipelines.http1(ctx.pipeline());
            default -> ctx.close(); // acme-tls/1: validated by the handshake alone
        }
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        // Scanners, old clients and aborted handshakes are the client's business: no warning per connection.
        LOG.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
