package org.berth.proxy;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.util.function.Consumer;
import org.berth.route.Route;

/**
 * Answers a request the proxy serves itself instead of forwarding it: a static-files or redirect
 * route. The proxy has already checked the host, {@code requires-secure} and middlewares, and
 * discards the request body itself; the target only writes its answer.
 */
@FunctionalInterface
public interface LocalTarget {

    /**
     * Writes (and flushes) the whole answer to {@code request} on {@code ctx}.
     *
     * @param finishHead to call on the answer's head before writing it: it adds the middlewares'
     *                   headers and the {@code Connection} header of the proxy's keep-alive decision
     * @return the future of the answer's last write; the connection reads its next request after it
     */
    ChannelFuture answer(ChannelHandlerContext ctx, HttpRequest request, Route route, Consumer<HttpResponse> finishHead);
}
