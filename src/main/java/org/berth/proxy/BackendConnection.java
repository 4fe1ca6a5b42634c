package org.berth.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * One connection to an upstream. While an exchange uses it, it hands the response to its
 * {@link ClientConnection}; between exchanges it waits in its {@link UpstreamPool}, and anything
 * the backend sends then (it should send nothing) or its closing takes it out of service for good.
 */
final class BackendConnection extends ChannelInboundHandlerAdapter {
    private final Channel channel;
    private final UpstreamPool pool;
    private ClientConnection owner;
    private boolean keepAlive = true;
    private boolean reused;
    private long idleSince;

    BackendConnection(Channel channel, UpstreamPool pool) {
        this.channel = channel;
        this.pool = pool;
    }

    Channel channel() {
        return channel;
    }

    /** Served an exchange before: a failure before any answer may be the backend's keep-alive timeout. */
    boolean reused() {
        return reused;
    }

    long idleSince() {
        return idleSince;
    }

    void idleSince(long nanos) {
        idleSince = nanos;
    }

    void attach(ClientConnection client) {
        owner = client;
        keepAlive = true;
    }

    /** The exchange is over: back into the pool when both the backend and the request allow it. */
    void finish(boolean requestComplete, long now) {
        owner = null;
        if (keepAlive && requestComplete && channel.isActive()) {
            reused = true;
            // Idle pooled connections always read, so a backend closing one is noticed at once.
            channel.config().setAutoRead(true);
            pool.release(this, now);
        } else {
            channel.close();
        }
    }

    /** The exchange failed or was given up: this connection's state is unknown, so it goes. */
    void abort() {
        owner = null;
        channel.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ClientConnection client = owner;
        if (client == null || failed(msg)) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof HttpResponse response) {
            if (response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
                keepAlive = HttpUtil.isKeepAlive(response);
            }
            client.onResponseHead(response);
        }
        if (msg instanceof HttpContent content) {
            client.onResponseContent(content, this);
        }
    }

    private static boolean failed(Object msg) {
        return msg instanceof io.netty.handler.codec.DecoderResultProvider provider && provider.decoderResult().isFailure();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ClientConnection client = owner;
        if (client != null) {
            client.flushToClient();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ClientConnection client = owner;
        if (client != null) {
            client.backendWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pool.forget(this);
        ClientConnection client = owner;
        owner = null;
        if (client != null) {
            client.onBackendClosed(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets, TLS failures, write errors: the connection is done; channelInactive tells the client side.
        ctx.close();
    }
}
