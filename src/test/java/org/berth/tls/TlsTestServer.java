package org.berth.tls;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A TLS server made the way the proxy will make its TLS listeners: {@link TlsListener#newHandler()} first
 * in each connection's pipeline. After the handshake it echoes what it reads; a connection that negotiated
 * {@code acme-tls/1} (a CA validating tls-alpn-01) is closed, as RFC 8737 asks.
 */
final class TlsTestServer implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;

    private final java.util.List<String> protocols = new java.util.concurrent.CopyOnWriteArrayList<>();

    private TlsTestServer(java.util.function.Supplier<SniAlpnHandler> handlers, int port) throws InterruptedException {
        channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel child) {
                        child.pipeline().addLast(handlers.get(), new Echo(protocols));
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).sync().channel();
    }

    /** On a free port of the loopback address. */
    static TlsTestServer start(TlsListener listener) throws InterruptedException {
        return new TlsTestServer(listener::newHandler, 0);
    }

    /** With handlers from wherever the test says, e.g. whichever service is current. */
    static TlsTestServer start(java.util.function.Supplier<SniAlpnHandler> handlers) throws InterruptedException {
        return new TlsTestServer(handlers, 0);
    }

    /** The protocol each completed handshake negotiated ("" for none), in order. */
    java.util.List<String> negotiated() {
        return java.util.List.copyOf(protocols);
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private static final class Echo extends ChannelInboundHandlerAdapter {
        private final java.util.List<String> protocols;

        Echo(java.util.List<String> protocols) {
            this.protocols = protocols;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
                String protocol = ctx.pipeline().get(SslHandler.class).applicationProtocol();
                protocols.add(protocol == null ? "" : protocol);
                if (ServerTlsContexts.ACME_TLS_1.equals(protocol)) {
                    ctx.close();
                }
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            ctx.writeAndFlush(message);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
