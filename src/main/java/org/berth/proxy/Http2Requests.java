package org.berth.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.HttpConversionUtil;

/**
 * Makes an HTTP/2 stream's requests look like HTTP/1.1 ones to {@link ClientConnection}: a request that
 * came whole (headers with end-of-stream) is split into its head and last content, as the HTTP/1.1 decoder
 * delivers them (the head is forwarded to the backend and the body after it, so one object must not be
 * both); and Netty's {@code x-http2-*} bookkeeping headers are not passed to backends.
 */
final class Http2Requests extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        request.headers().remove(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text())
                .remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text());
        if (request instanceof FullHttpRequest full) {
            HttpRequest head = new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers());
            ctx.fireChannelRead(head);
            ctx.fireChannelRead(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
        } else {
            ctx.fireChannelRead(request);
        }
    }
}
