package org.berth.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Opens connections to upstreams on a given event loop (the client's, so both ends of an exchange
 * share a thread): TCP with the connect timeout, TLS with certificate and host-name checks for
 * {@code reversed-ssl}, names resolved by Netty's non-blocking DNS resolver.
 */
final class UpstreamConnector implements AutoCloseable {
    static final String CODEC = "codec";
    static final String HANDLER = "backend";

    private final Bootstrap template;
    private final DnsAddressResolverGroup resolver;
    private final Optional<SslContext> configuredTls;
    private volatile SslContext tls;

    UpstreamConnector(Transport transport, EventLoopGroup group, ByteBufAllocator allocator, ProxySettings settings) {
        resolver = new DnsAddressResolverGroup(new DnsNameResolverBuilder().datagramChannelType(transport.datagram()));
        configuredTls = settings.upstreamTls();
        template = new Bootstrap().group(group).channel(transport.channel()).resolver(resolver)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis(settings))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.ALLOCATOR, allocator);
    }

    /** The socket option is an int of milliseconds: a longer timeout (24 days and more) is as good as none. */
    private static int connectTimeoutMillis(ProxySettings settings) {
        return (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis());
    }

    /** Connects to {@code pool}'s upstream on {@code loop}; the channel's handler is a {@link BackendConnection}. */
    ChannelFuture connect(EventLoop loop, UpstreamPool pool) {
        Upstream upstream = pool.upstream();
        Bootstrap bootstrap = template.clone(loop);
        if (!upstream.address().isUnresolved()) {
            // An address (every app's 127.0.0.1) needs no resolving. Netty would still make the loop's
            // DNS resolver, whose datagram channel holds 1,024 message buffers on io_uring, for nothing.
            bootstrap.resolver(NoopAddressResolverGroup.INSTANCE);
        }
        return bootstrap.handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) throws SSLException {
                if (upstream.tls()) {
                    channel.pipeline().addLast("tls", tlsHandler(channel, upstream));
                }
                channel.pipeline().addLast(CODEC, new BackendCodec(decoderConfig()))
                        .addLast(HANDLER, new BackendConnection(channel, pool));
            }
        }).connect(upstream.address());
    }

    private SslHandler tlsHandler(Channel channel, Upstream upstream) throws SSLException {
        SslHandler handler = tlsContext().newHandler(channel.alloc(), upstream.host(), upstream.port());
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        // Netty checks the chain only; the host name must match the certificate too.
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return handler;
    }

    /** Built on first use: loading the JDK trust store costs tens of milliseconds nobody needs without TLS upstreams. */
    private SslContext tlsContext() throws SSLException {
        SslContext context = tls;
        if (context == null) {
            synchronized (this) {
                if (tls == null) {
                    tls = configuredTls.isPresent() ? configuredTls.get() : SslContextBuilder.forClient().build();
                }
                context = tls;
            }
        }
        return context;
    }

    static HttpDecoderConfig decoderConfig() {
        return new HttpDecoderConfig().setMaxInitialLineLength(8192).setMaxHeaderSize(32 * 1024)
                .setMaxChunkSize(64 * 1024)
                .setHeadersFactory(CompactHeadersFactory.HEADERS).setTrailersFactory(CompactHeadersFactory.TRAILERS);
    }

    @Override
    public void close() {
        resolver.close();
    }
}
