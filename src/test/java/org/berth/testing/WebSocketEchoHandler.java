package org.berth.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.nio.charset.StandardCharsets;

/**
 * One connection of {@link WebSocketEchoApp}: a websocket upgrade (any path) becomes an echo
 * session; any other request is answered with the version ({@code X-Body-Length} tells how many
 * body bytes came, so uploads through a proxy can be checked).
 */
final class WebSocketEchoHandler extends SimpleChannelInboundHandler<Object> {
    /** The largest websocket frame accepted. */
    static final int MAX_FRAME = 16 * 1024 * 1024;

    private final String version;
    private final ChannelGroup sessions;
    private WebSocketServerHandshaker handshaker;

    WebSocketEchoHandler(String version, ChannelGroup sessions) {
        this.version = version;
        this.sessions = sessions;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object message) {
        switch (message) {
            case FullHttpRequest request when !request.decoderResult().isSuccess() ->
                    answer(ctx, request, HttpResponseStatus.BAD_REQUEST, "bad request", false);
            case FullHttpRequest request when isUpgrade(request) -> upgrade(ctx, request);
            case FullHttpRequest request -> answer(ctx, request, HttpResponseStatus.OK, version, HttpUtil.isKeepAlive(request));
            case CloseWebSocketFrame close -> handshaker.close(ctx, close.retain());
            case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            case PongWebSocketFrame pong -> {
                // unsolicited pongs are allowed and need nothing
            }
            case TextWebSocketFrame text -> ctx.writeAndFlush(text.retain());
            case BinaryWebSocketFrame binary -> ctx.writeAndFlush(binary.retain());
            case ContinuationWebSocketFrame continuation -> ctx.writeAndFlush(continuation.retain());
            case WebSocketFrame other -> ctx.writeAndFlush(other.retain());
            default -> ctx.close();
        }
    }

    private static boolean isUpgrade(FullHttpRequest request) {
        return request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
        String location = "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + request.uri();
        handshaker = new WebSocketServerHandshakerFactory(location, null, true, MAX_FRAME).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        // The version rides on the 101 answer, so a client can tell which release its session reached.
        HttpHeaders extra = new DefaultHttpHeaders().set("X-Version", version);
        handshaker.handshake(ctx.channel(), request, extra, ctx.newPromise()).addListener(done -> {
            if (done.isSuccess()) {
                sessions.add(ctx.channel());
            }
        });
    }

    private static void answer(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                               String text, boolean keepAlive) {
        ByteBuf body = request.method().equals(HttpMethod.HEAD)
                ? Unpooled.EMPTY_BUFFER
                : Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, text.getBytes(StandardCharsets.UTF_8).length)
                .setInt("X-Body-Length", request.content().readableBytes());
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset peer or a protocol error: this connection is over, the server goes on
    }
}
