package org.berth.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Complete answers the proxy writes itself (errors, health check, redirects), always with a length. */
final class Answers {
    private static final AsciiString TEXT = AsciiString.cached("text/plain; charset=utf-8");

    private Answers() {
    }

    /** One of the proxy's error pages; its body is wrapped, not copied. */
    static FullHttpResponse page(ErrorPage page) {
        return full(HttpResponseStatus.valueOf(page.status()), Unpooled.wrappedBuffer(page.body()),
                AsciiString.of(page.contentType()));
    }

    static FullHttpResponse text(HttpResponseStatus status, String body) {
        return full(status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), TEXT);
    }

    /** A redirect; as Keter does, the body is the location itself. */
    static FullHttpResponse redirect(RedirectResponse redirect) {
        FullHttpResponse response = full(HttpResponseStatus.valueOf(redirect.status()),
                Unpooled.copiedBuffer(redirect.location(), StandardCharsets.UTF_8), TEXT);
        response.headers().set(HttpHeaderNames.LOCATION, redirect.location());
        return response;
    }

    /** A middleware's refusal (basic-auth, local): its status, headers and plain-text body. */
    static FullHttpResponse refusal(MiddlewareDecision.Respond refusal) {
        byte[] body = refusal.bodyBytes();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(refusal.status()), Unpooled.wrappedBuffer(body));
        for (Map.Entry<String, String> header : refusal.headers()) {
            response.headers().add(header.getKey(), header.getValue());
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    private static FullHttpResponse full(HttpResponseStatus status, ByteBuf body, AsciiString type) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }
}
