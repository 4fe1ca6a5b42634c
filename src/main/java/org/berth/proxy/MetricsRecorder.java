package org.berth.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import org.berth.route.RouteTable;
import org.berth.route.Router;

/**
 * Counts one client connection's exchanges for {@link ExchangeMeters}. It sits right after the HTTP
 * codec, so it sees each request head as read and every write to the client, whoever makes it: a
 * request opens an exchange, the answer's last part (or a 101) closes it with its status and time.
 * Pipelined requests wait in a small ring, answered in order as HTTP/1.1 requires.
 *
 * <p>Per request it costs two clock reads, a comparison of the Host header with the previous one
 * (same table, same host: same meters, no lookup) and the meters' own adds, which go to counts
 * only this event loop writes (see {@link ExchangeMeters#host}). Nothing locks or contends.
 */
final class MetricsRecorder extends ChannelDuplexHandler {
    static final String NAME = "metrics";
    /** More than the connection ever holds read ahead (ClientConnection pauses reading at 4). */
    private static final int RING = 16;

    private final ExchangeMeters meters;
    private final Router router;
    private final int failureStatus;
    private final ByteBuf failureBody;
    private final ExchangeMeters.HostMeters[] open = new ExchangeMeters.HostMeters[RING];
    private final long[] started = new long[RING];
    private int first;
    private int count;
    private int status;
    private RouteTable lastTable;
    private String lastHost;
    private ExchangeMeters.HostMeters lastMeters;

    MetricsRecorder(ExchangeMeters meters, Router router, ErrorPage backendFailure) {
        this.meters = meters;
        this.router = router;
        this.failureStatus = backendFailure.status();
        this.failureBody = Unpooled.wrappedBuffer(backendFailure.body());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            begin(request.headers().get(HttpHeaderNames.HOST));
        }
        ctx.fireChannelRead(msg);
    }

    private void begin(String host) {
        if (count == RING) {
            // Not expected (reading pauses long before); the oldest is counted as unanswered.
            end(0);
        }
        int slot = (first + count) & (RING - 1);
        open[slot] = metersFor(host);
        started[slot] = System.nanoTime();
        count++;
        open[slot].started();
    }

    private ExchangeMeters.HostMeters metersFor(String host) {
        RouteTable table = router.table();
        if (table == lastTable && host != null && host.equals(lastHost)) {
            return lastMeters;
        }
        String label = table.lookup(host).map(route -> route.host().pattern()).orElse(ExchangeMeters.UNROUTED);
        lastTable = table;
        lastHost = host;
        lastMeters = meters.host(label);
        return lastMeters;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (count > 0) {
            // Looked at before passing on: the encoder consumes and releases the message.
            if (msg instanceof HttpResponse response) {
                int code = response.status().code();
                // A 100 Continue is not the answer; a 101 is (a websocket's), and the exchange ends there.
                if (code >= 200 || code == 101) {
                    status = code;
                    if (code == failureStatus && isFailurePage(response)) {
                        open[first].backendFailure();
                    }
                }
            }
            if (status != 0 && (status == 101 || msg instanceof LastHttpContent)) {
                end(status);
            }
        }
        ctx.write(msg, promise);
    }

    private boolean isFailurePage(HttpResponse response) {
        return response instanceof FullHttpResponse full && ByteBufUtil.equals(full.content(), failureBody);
    }

    private void end(int answered) {
        open[first].answered(answered, System.nanoTime() - started[first]);
        open[first] = null;
        first = (first + 1) & (RING - 1);
        count--;
        status = 0;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // Exchanges still open ended with the connection: a cut answer, or a client gone first.
        while (count > 0) {
            end(0);
        }
        ctx.fireChannelInactive();
    }
}
