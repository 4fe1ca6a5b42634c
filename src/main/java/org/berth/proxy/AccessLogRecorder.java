package org.berth.proxy;

import com.google.common.net.InetAddresses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * The access log of one client connection. It sits in the client's pipeline between the HTTP codec
 * and the {@link ClientConnection} (only when an access log is configured), so every write to the
 * client passes it, whoever makes it (the connection, a {@link LocalTarget}): it takes the status of
 * the response head and adds up the body bytes as they are written — an {@link HttpContent}'s
 * readable bytes, a {@link FileRegion}'s count — with no allocation of its own.
 *
 * <p>The connection calls {@link #begin} when a request arrives and {@link #finish} once: when the
 * answer's last part has been written, when a websocket upgrade has been answered, or when the
 * connection ends mid-exchange (then with the bytes written so far). Only {@link #finish} makes
 * something, the entry, which goes to the {@link AccessLogWriter}'s queue. One event loop uses it,
 * so nothing locks.
 */
final class AccessLogRecorder extends ChannelOutboundHandlerAdapter {
    static final String NAME = "access-log";
    /** nginx's status for a request whose client went away before any answer was written. */
    static final int CLIENT_CLOSED = 499;
    /** The peer of a connection without an IP address (never a TCP listener's). */
    private static final InetAddress UNKNOWN_PEER = InetAddresses.forString("0.0.0.0");

    private final AccessLogWriter writer;
    private boolean pending;
    private InetAddress client;
    private long startMillis;
    private long startNanos;
    private String method;
    private String target;
    private String protocol;
    private String referer;
    private String userAgent;
    private String host;
    private boolean headRequest;
    private Optional<String> upstream = Optional.empty();
    private int status;
    private long bytes;
    /** The last upstream named, and its pool: a keep-alive client mostly asks the same one. */
    private UpstreamPool namedPool;
    private Optional<String> named = Optional.empty();

    AccessLogRecorder(AccessLogWriter writer) {
        this.writer = writer;
    }

    /**
     * A request arrived. Read before anything rewrites it: the method, target and protocol as
     * received; {@code client} is the address berth believes (trusted forwarding headers honoured).
     */
    void begin(HttpRequest request, InetAddress client) {
        if (pending) {
            // Not expected: an exchange is never begun before the last one ended. Keep its line anyway.
            finish();
        }
        startNanos = System.nanoTime();
        startMillis = System.currentTimeMillis();
        HttpHeaders headers = request.headers();
        this.client = client == null ? UNKNOWN_PEER : client;
        method = request.method().name();
        target = request.uri();
        protocol = request.protocolVersion().text();
        headRequest = HttpMethod.HEAD.equals(request.method());
        referer = headers.get(HttpHeaderNames.REFERER);
        userAgent = headers.get(HttpHeaderNames.USER_AGENT);
        host = headers.get(HttpHeaderNames.HOST);
        upstream = Optional.empty();
        status = 0;
        bytes = 0;
        pending = true;
    }

    /** The request goes to {@code pool}'s upstream. */
    void upstream(UpstreamPool pool) {
        if (pool != namedPool) {
            named = Optional.of(name(pool.upstream()));
            namedPool = pool;
        }
        upstream = named;
    }

    /** The exchange is over: its line goes to the writer's queue. Does nothing when none is open. */
    void finish() {
        if (!pending) {
            return;
        }
        pending = false;
        long micros = (System.nanoTime() - startNanos) / 1000;
        writer.log(new AccessLogEntry(client, Instant.ofEpochMilli(startMillis), method, target, protocol,
                status == 0 ? CLIENT_CLOSED : status, headRequest ? 0 : bytes, Optional.ofNullable(referer),
                Optional.ofNullable(userAgent), Optional.ofNullable(host), micros, upstream));
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (pending) {
            // Counted before passing on: the encoder consumes and releases the message.
            if (msg instanceof HttpResponse response) {
                int code = response.status().code();
                // A 100 Continue is not the answer; a 101 is (a websocket's).
                if (code >= 200 || code == 101) {
                    status = code;
                }
            }
            if (msg instanceof HttpContent content) {
                bytes += content.content().readableBytes();
            } else if (msg instanceof FileRegion region) {
                bytes += region.count();
            }
        }
        ctx.write(msg, promise);
    }

    /** {@code 127.0.0.1:43124}, {@code [::1]:8080}, {@code api.example.org:443}. */
    static String name(Upstream upstream) {
        String host = upstream.host();
        boolean v6 = host.indexOf(':') >= 0 && !host.startsWith("[");
        return (v6 ? "[" + host + "]" : host) + ":" + upstream.port();
    }
}
