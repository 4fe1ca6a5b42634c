package org.berth.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.berth.bundle.StaticFilesStanza;
import org.berth.route.Route;
import org.berth.route.RouteTarget;

/**
 * Sends what {@link StaticFileResolver} decides for a static-files route: file bodies go out
 * zero-copy as a {@link DefaultFileRegion} (sendfile with epoll), everything else as a small
 * complete response. One resolver per root, kept while the root is routed.
 */
final class StaticFilesTarget implements LocalTarget {
    private final Map<Path, StaticFileResolver> resolvers = new ConcurrentHashMap<>();

    @Override
    public ChannelFuture answer(ChannelHandlerContext ctx, HttpRequest request, Route route,
                                Consumer<HttpResponse> finishHead) {
        StaticFileResolver resolver = resolver(route);
        StaticFileResult result = resolver.resolve(request.method().name(), request.uri(), request.headers());
        boolean head = request.method().equals(HttpMethod.HEAD);
        if (result instanceof StaticFileResult.ServeFile file) {
            return sendFile(ctx, file, head, finishHead);
        }
        byte[] body = switch (result) {
            case StaticFileResult.Listing listing -> listing.body();
            case StaticFileResult.NotModified notModified -> new byte[0];
            default -> result.status() >= 400 ? (HttpResponseStatus.valueOf(result.status()).reasonPhrase() + "\n")
                    .getBytes(StandardCharsets.UTF_8) : new byte[0];
        };
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(result.status()), head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        result.headers().forEach(header -> response.headers().add(header.getKey(), header.getValue()));
        if (!response.headers().contains(HttpHeaderNames.CONTENT_TYPE) && body.length > 0) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        }
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        finishHead.accept(response);
        return ctx.writeAndFlush(response);
    }

    private static ChannelFuture sendFile(ChannelHandlerContext ctx, StaticFileResult.ServeFile file, boolean head,
                                          Consumer<HttpResponse> finishHead) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(file.status()));
        file.headers().forEach(header -> response.headers().add(header.getKey(), header.getValue()));
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, file.length());
        finishHead.accept(response);
        ctx.write(response);
        if (!head && file.length() > 0) {
            ctx.write(new DefaultFileRegion(file.file().toFile(), file.offset(), file.length()));
        }
        return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    private StaticFileResolver resolver(Route route) {
        if (route.stanza() instanceof StaticFilesStanza stanza) {
            return resolvers.computeIfAbsent(stanza.root(), root -> StaticFileResolver.of(stanza));
        }
        RouteTarget.StaticFiles target = (RouteTarget.StaticFiles) route.target();
        return resolvers.computeIfAbsent(target.root(), root -> new StaticFileResolver(root, target.directoryListing()));
    }
}
