package org.berth.proxy;

import com.google.common.cache.CacheBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.berth.bundle.StaticFilesStanza;
import org.berth.route.Route;
import org.berth.route.RouteTarget;

/**
 * Sends what {@link StaticFileResolver} decides for a static-files route: file bodies go out
 * zero-copy as a {@link DefaultFileRegion} (sendfile with epoll), everything else as a small
 * complete response.
 *
 * <p>One resolver per stanza, kept while the stanza is: keyed by the stanza object itself (compared by
 * identity, held weakly), so two stanzas on one root keep their own {@code directory-listing}, a
 * redeploy's new stanza gets a fresh resolver, and the old one goes with the route that held it.
 */
final class StaticFilesTarget implements LocalTarget {
    /** More stanzas than this served at once is unheard of; past it the least used resolvers are rebuilt. */
    private static final int MAX_RESOLVERS = 4096;

    private final ConcurrentMap<Object, StaticFileResolver> resolvers = CacheBuilder.newBuilder().weakKeys()
            .maximumSize(MAX_RESOLVERS).<Object, StaticFileResolver>build().asMap();
    private final StaticContentCache smallFiles = new StaticContentCache();

    @Override
    public ChannelFuture answer(ChannelHandlerContext ctx, HttpRequest request, Route route,
                                Consumer<HttpResponse> finishHead) {
        StaticFileResolver resolver = resolver(route);
        boolean head = request.method().equals(HttpMethod.HEAD);
        StaticFileResult result = resolve(resolver, request);
        if (result instanceof StaticFileResult.ServeFile file && !head && file.length() > 0) {
            Optional<ByteBuf> inMemory = smallFiles.body(file);
            if (inMemory.isPresent()) {
                return sendBytes(ctx, file, inMemory.get(), finishHead);
            }
            FileChannel body = openUnchanged(file);
            if (body == null) {
                // Changed or gone since its lookup was remembered: look again, afresh.
                resolver.forgetRecent();
                result = resolve(resolver, request);
                body = result instanceof StaticFileResult.ServeFile fresh ? openUnchanged(fresh) : null;
            }
            if (body != null) {
                return sendFile(ctx, (StaticFileResult.ServeFile) result, body, finishHead);
            }
            if (result instanceof StaticFileResult.ServeFile) {
                // Still changing under us: better a 404 now than a body that does not match its length.
                result = new StaticFileResult.NotFound();
            }
        }
        if (result instanceof StaticFileResult.ServeFile file) {
            return sendFile(ctx, file, null, finishHead);
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

    private static StaticFileResult resolve(StaticFileResolver resolver, HttpRequest request) {
        return resolver.resolve(request.method().name(), request.uri(), request.headers());
    }

    /**
     * Opens the file to send, or null when it is gone or no longer the size it was looked up with.
     * Links are not followed: the looked-up path is a real path, so a link there now is a swap.
     */
    private static FileChannel openUnchanged(StaticFileResult.ServeFile file) {
        try {
            FileChannel channel = FileChannel.open(file.file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            if (channel.size() == file.totalSize()) {
                return channel;
            }
            channel.close();
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The head and a small file's bytes from memory, in one write. */
    private static ChannelFuture sendBytes(ChannelHandlerContext ctx, StaticFileResult.ServeFile file, ByteBuf body,
                                           Consumer<HttpResponse> finishHead) {
        // One message with no trailers to allocate: a head and a last part cost a third headers object.
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(file.status()), body, DefaultHttpHeadersFactory.headersFactory().newHeaders(),
                EmptyHttpHeaders.INSTANCE);
        return ctx.writeAndFlush(withHead(response, file, finishHead));
    }

    private static HttpResponse head(StaticFileResult.ServeFile file, Consumer<HttpResponse> finishHead) {
        return withHead(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(file.status())), file,
                finishHead);
    }

    private static HttpResponse withHead(HttpResponse response, StaticFileResult.ServeFile file,
                                         Consumer<HttpResponse> finishHead) {
        // Content-Length is among them: the length of the part sent (a range's, or the whole file's).
        response.headers().set(file.head());
        finishHead.accept(response);
        return response;
    }

    /** The head, then {@code body} (null for HEAD and empty bodies) zero-copy; the region closes it. */
    private static ChannelFuture sendFile(ChannelHandlerContext ctx, StaticFileResult.ServeFile file, FileChannel body,
                                          Consumer<HttpResponse> finishHead) {
        ctx.write(head(file, finishHead));
        if (body != null) {
            ctx.write(new StaticFileRegion(body, file.offset(), file.length()));
        }
        return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    /** The route's resolver: its stanza's, or for a route without one, its target's. */
    StaticFileResolver resolver(Route route) {
        Object key = route.stanza() instanceof StaticFilesStanza stanza ? stanza : route.target();
        // A plain read first: the cache's computeIfAbsent locks even when the resolver is there.
        StaticFileResolver known = resolvers.get(key);
        return known != null ? known : resolvers.computeIfAbsent(key, absent -> newResolver(route));
    }

    private static StaticFileResolver newResolver(Route route) {
        if (route.stanza() instanceof StaticFilesStanza stanza) {
            return StaticFileResolver.of(stanza);
        }
        RouteTarget.StaticFiles target = (RouteTarget.StaticFiles) route.target();
        return new StaticFileResolver(target.root(), target.directoryListing());
    }
}
