package org.berth.proxy;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.function.Consumer;
import org.berth.bundle.RedirectStanza;
import org.berth.route.Route;
import org.berth.route.RouteTarget;

/**
 * Who answers the routes the proxy serves itself: static-files stanzas by {@link StaticFilesTarget},
 * redirect stanzas by {@link RedirectResolver}.
 *
 * @param staticFiles {@code static-files} stanzas
 * @param redirects   {@code redirect} stanzas (and any other stanza a route may carry)
 */
public record LocalTargets(LocalTarget staticFiles, LocalTarget redirects) {

    /** Static files from disk, redirects from their stanza. */
    public static LocalTargets standard() {
        return new LocalTargets(new StaticFilesTarget(), LocalTargets::redirect);
    }

    public LocalTargets withStaticFiles(LocalTarget target) {
        return new LocalTargets(target, redirects);
    }

    /** Keter's redirect app: the first matching action answers; no match is 404. */
    private static ChannelFuture redirect(ChannelHandlerContext ctx, HttpRequest request, Route route,
                                          Consumer<HttpResponse> finishHead) {
        FullHttpResponse response;
        if (route.target() instanceof RouteTarget.FromStanza from && from.stanza() instanceof RedirectStanza stanza) {
            response = RedirectResolver.resolve(stanza, request.uri()).map(Answers::redirect)
                    .orElseGet(() -> Answers.text(HttpResponseStatus.NOT_FOUND, "Not Found\n"));
        } else {
            response = Answers.text(HttpResponseStatus.NOT_IMPLEMENTED, "this kind of stanza is not served by this berth\n");
        }
        finishHead.accept(response);
        return ctx.writeAndFlush(response);
    }
}
