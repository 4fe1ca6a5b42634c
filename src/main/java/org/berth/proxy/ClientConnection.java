package org.berth.proxy;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.berth.bundle.Middleware;
import org.berth.bundle.ReverseProxyStanza;
import org.berth.route.Route;
import org.berth.route.RouteTable;
import org.berth.route.RouteTarget;

/**
 * One client connection: reads requests one at a time, routes each on its {@code Host} (reading
 * the route table afresh every time), and either answers it itself or forwards it, streaming
 * both bodies with back-pressure. All of it runs on the connection's event loop, which is also the
 * loop of the backend connections it borrows, so nothing here locks.
 *
 * <p>Reading is on while the proxy can take more: between requests, and while a request body
 * streams to a backend that keeps up. What arrives while the current exchange cannot take it (a
 * pipelined request, body parts while connecting) is held in order, and reading pauses once a
 * few messages are held.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter implements ExchangeTimer.Expiry {
    /** Route table swaps in a row during one lookup before the proxy goes with the latest. */
    private static final int MAX_REROUTES = 3;
    /** Messages read ahead (pipelined requests, body parts while connecting) before reading pauses. */
    private static final int MAX_HELD = 4;

    private enum Phase {
        /** Waiting for the next request. */
        IDLE,
        /** A request waits for a new backend connection. */
        CONNECTING,
        /** A request is with a backend. */
        FORWARDING,
        /** The proxy answers itself (error, health check, redirect, local target). */
        ANSWERING,
        /** The connection is closing; nothing more happens on it. */
        CLOSING
    }

    private final ProxyContext proxy;
    /** Plain or HTTPS: decided by the listener, once. */
    private final ConnectionScheme scheme;
    /** Records each exchange for the access log; null when there is none (then nothing is recorded). */
    private final AccessLogRecorder accessLog;
    private final ChannelFutureListener responseSent = this::responseSent;
    private final ChannelFutureListener connected = this::connected;
    private final Consumer<HttpResponse> headFinisher = this::finishHead;
    private ChannelHandlerContext ctx;
    private ClientPeer peer;
    private ExchangeTimer timer;
    private Phase phase = Phase.IDLE;
    private boolean shuttingDown;
    /** Messages read while the current exchange cannot take them (see {@link #holding()}). */
    private final ArrayDeque<Object> held = new ArrayDeque<>(4);
    private boolean replaying;
    /** The last Host and its Forwarded element: keep-alive clients repeat the same Host. */
    private String forwardedHost;
    private String forwardedElement;
    /** The message being written to the client at the last idle check, and how far it had got. */
    private Object lastOutput;
    private long lastOutputProgress;
    /** The last route's Strict-Transport-Security value (null: none); HTTPS connections only. */
    private Route hstsRoute;
    private String hstsValue;

    // The current exchange.
    private HttpRequest request;
    /** Who sent {@link #request}, as berth believes it: read once from its headers as they came in. */
    private InetAddress client;
    private RouteTarget.Backend counted;
    private ReverseProxyStanza reverseProxy;
    private UpstreamPool pool;
    private BackendConnection backend;
    private List<Map.Entry<String, String>> addedHeaders = List.of();
    private long requestDeadline;
    private long headDeadline;
    private boolean keepAlive;
    private boolean http10;
    private boolean webSocket;
    private boolean retryable;
    private boolean retried;
    private boolean requestDone;
    private boolean responseStarted;
    private boolean responseDone;
    private boolean informational;
    private boolean upgrading;
    private boolean closeAfter;
    /** This answer's Strict-Transport-Security value, or null. */
    private String hsts;

    // The last pool used: keep-alive clients mostly ask the same backend again.
    private Object lastTarget;
    private UpstreamPool lastPool;

    ClientConnection(ProxyContext proxy, ConnectionScheme scheme) {
        this.proxy = proxy;
        this.scheme = scheme;
        this.accessLog = proxy.accessLog == null ? null : new AccessLogRecorder(proxy.accessLog);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
        if (accessLog != null) {
            // Just before this handler, so it sees every write to the client, local targets' too.
            context.pipeline().addBefore(context.name(), AccessLogRecorder.NAME, accessLog);
        }
        if (context.channel().isActive()) {
            begin(context);
        }
    }

    /** Replaced by a tunnel, or the channel is gone: what was held is dropped. */
    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        releaseHeld();
    }

    private void releaseHeld() {
        Object msg;
        while ((msg = held.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        begin(context);
        context.fireChannelActive();
    }

    /**
     * Learns the peer and starts the idle timer: at channelActive, or at once when added to a connection
     * that is already active (an HTTPS connection gets this handler after its handshake).
     */
    private void begin(ChannelHandlerContext context) {
        if (peer != null) {
            return;
        }
        peer = ClientPeer.of(context.channel().remoteAddress(), context.channel().localAddress(), proxy.trust,
                proxy.trustedProxies);
        timer = new ExchangeTimer(context.channel().eventLoop(), proxy.idleNanos, this);
        timer.start();
    }

    // ---- reading the request

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (phase == Phase.CLOSING) {
            ReferenceCountUtil.release(msg);
        } else if (!held.isEmpty() || holding()) {
            hold(msg);
            if (!holding()) {
                replay();
            }
        } else {
            handle(msg);
        }
    }

    /**
     * Whether a message read now must wait: while a backend connection is being made, and once
     * the current request is complete (a pipelined request waits for the answer before it).
     */
    private boolean holding() {
        return phase == Phase.CONNECTING || phase != Phase.IDLE && requestDone;
    }

    /** Keeps a message for later; a client that sends much ahead is paused instead of buffered. */
    private void hold(Object msg) {
        held.add(msg);
        if (held.size() >= MAX_HELD) {
            updateReading();
        }
    }

    /** Handles held messages while nothing holds them any more; safe to call from anywhere. */
    private void replay() {
        if (replaying) {
            return;
        }
        replaying = true;
        try {
            while (!held.isEmpty() && phase != Phase.CLOSING && !holding()) {
                handle(held.poll());
            }
        } finally {
            replaying = false;
        }
        if (backend != null) {
            // What the held messages wrote goes out now. No read event follows to flush it, and unflushed
            // bytes count against the backend's buffer: enough of them would keep it unwritable, and the
            // client paused, for good.
            backend.channel().flush();
        }
        updateReading();
    }

    private void handle(Object msg) {
        if (msg instanceof HttpRequest head) {
            if (head.decoderResult().isFailure()) {
                if (accessLog != null) {
                    accessLog.begin(head, ForwardingHeaders.client(peer, head.headers()));
                }
                ReferenceCountUtil.release(msg);
                refuse(head.decoderResult().cause());
                return;
            }
            onRequest(head);
        }
        if (msg instanceof HttpContent content) {
            onContent(content);
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(HttpRequest head) {
        if (phase != Phase.IDLE) {
            // A request before the last one ended: the peer is out of step.
            ctx.close();
            return;
        }
        startExchange(head);
        // Before middleware and forwarding headers change the request.
        client = ForwardingHeaders.client(peer, head.headers());
        if (accessLog != null) {
            accessLog.begin(head, client);
        }
        String host = head.headers().get(HttpHeaderNames.HOST);
        FullHttpResponse acme;
        if (HttpMethod.CONNECT.equals(head.method())) {
            // A reverse proxy opens no tunnels to wherever a client names (nor do Keter or nginx).
            answer(Answers.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method Not Allowed: berth does not tunnel CONNECT\n"));
        } else if (isHealthCheck(head.uri())) {
            answer(Answers.text(HttpResponseStatus.OK, "OK\n"));
        } else if ((acme = scheme.acmeAnswer(head)) != null) {
            answer(acme);
        } else if (host == null || host.isEmpty()) {
            answer(Answers.page(proxy.pages.missingHost()));
        } else {
            Route route = lookupCounted(host);
            if (route == null) {
                answer(Answers.page(proxy.pages.unknownHost(host)));
            } else {
                dispatch(route, host);
            }
        }
    }

    /**
     * Looks {@code host} up and, for a backend, counts the request in flight at once. The table is
     * read again after counting: if a deploy swapped it meanwhile, the count is withdrawn and the
     * lookup repeated. So a drain that saw zero can never miss a request routed by the old table
     * (swap, count read, begin, re-read are ordered: the re-read sees the new table).
     */
    private Route lookupCounted(String host) {
        for (int attempt = 0; ; attempt++) {
            RouteTable table = proxy.router.table();
            Route route = table.lookup(host).orElse(null);
            if (route == null || !(route.target() instanceof RouteTarget.Backend target)) {
                return route;
            }
            proxy.inFlight.begin(target);
            if (proxy.router.table() == table || attempt == MAX_REROUTES) {
                counted = target;
                return route;
            }
            proxy.inFlight.end(target);
        }
    }

    private void dispatch(Route route, String host) {
        if (scheme.secure()) {
            hsts = hstsOf(route);
        }
        if (scheme.redirectsToHttps(route)) {
            answer(SecureRedirect.to(host, request.uri(), proxy.externalHttpsPort).map(Answers::redirect)
                    .orElseGet(() -> Answers.text(HttpResponseStatus.BAD_REQUEST, "Bad Request: unusable Host header\n")));
        } else if (!passesMiddleware(RoutePolicy.middleware(route))) {
            return;
        } else if (route.target() instanceof RouteTarget.Backend backendTarget) {
            forward(backendTarget, null, route, host);
        } else if (route.target() instanceof RouteTarget.FromStanza from && from.stanza() instanceof ReverseProxyStanza stanza) {
            forward(stanza, stanza, route, host);
        } else if (route.target() instanceof RouteTarget.StaticFiles) {
            // Keter bounds a static-files answer as it bounds a forwarded one: a download still
            // running at the stanza's connection-time-bound (else the global one) is cut.
            requestDeadline = requestDeadline(route, System.nanoTime());
            timer.deadline(requestDeadline, false);
            answerLocally(proxy.local.staticFiles(), route);
        } else {
            answerLocally(proxy.local.redirects(), route);
        }
    }

    /** Applies the route's middleware; false when one of them answered (basic-auth, local). */
    private boolean passesMiddleware(List<Middleware> middleware) {
        if (middleware.isEmpty()) {
            return true;
        }
        MiddlewareDecision decision = proxy.chain(middleware).check(client,
                request.method().name(), request.uri(), request.headers());
        if (decision instanceof MiddlewareDecision.Respond refusal) {
            answer(Answers.refusal(refusal));
            return false;
        }
        MiddlewareDecision.Continue pass = (MiddlewareDecision.Continue) decision;
        if (!pass.method().equals(request.method().name())) {
            request.setMethod(HttpMethod.valueOf(pass.method()));
        }
        pass.requestHeaders().forEach(request.headers()::set);
        addedHeaders = pass.responseHeaders();
        return true;
    }

    private void onContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            ReferenceCountUtil.release(content);
            if (phase == Phase.FORWARDING || phase == Phase.CONNECTING) {
                failExchange();
            } else {
                refuse(content.decoderResult().cause());
            }
            return;
        }
        if (phase == Phase.FORWARDING && backend != null) {
            backend.channel().write(content, backend.channel().voidPromise());
        } else {
            // An answered request's body, or the rest of one the backend already answered: discarded.
            ReferenceCountUtil.release(content);
        }
        if (content instanceof LastHttpContent) {
            requestComplete();
        }
    }

    private void requestComplete() {
        requestDone = true;
        if (phase == Phase.FORWARDING && backend != null) {
            backend.channel().flush();
            if (!responseStarted) {
                // The backend has it all and is thinking: only the deadline applies now, not the idle timeout.
                timer.deadline(earliest(requestDeadline, headDeadline), true);
            }
        }
        updateReading();
        maybeFinish();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        timer.activity();
        if (backend != null) {
            backend.channel().flush();
        }
    }

    // ---- answering locally

    private void answer(FullHttpResponse response) {
        phase = Phase.ANSWERING;
        finishHead(response);
        ctx.writeAndFlush(response).addListener(responseSent);
        updateReading();
    }

    private void answerLocally(LocalTarget target, Route route) {
        phase = Phase.ANSWERING;
        closeAfter = !keepAlive;
        target.answer(ctx, request, route, headFinisher).addListener(responseSent);
        updateReading();
    }

    /** A request the codec could not read: say why and close, the stream is out of step. */
    private void refuse(Throwable cause) {
        HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                : HttpResponseStatus.BAD_REQUEST;
        boolean started = responseStarted && phase != Phase.IDLE;
        abandonExchange();
        if (started || !ctx.channel().isActive()) {
            ctx.close();
            return;
        }
        FullHttpResponse response = Answers.text(status, status.reasonPhrase() + "\n");
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    // ---- forwarding

    /** Forwards the request to {@code target}; a backend's request is already counted by {@link #lookupCounted}. */
    private void forward(Object target, ReverseProxyStanza stanza, Route route, String host) {
        phase = Phase.FORWARDING;
        reverseProxy = stanza;
        long now = System.nanoTime();
        long headTimeout = RoutePolicy.headTimeoutNanos(route);
        requestDeadline = requestDeadline(route, now);
        headDeadline = headTimeout == 0 ? 0 : now + headTimeout;
        timer.deadline(earliest(requestDeadline, headDeadline), false);
        pool = poolFor(target);
        if (accessLog != null) {
            accessLog.upstream(pool);
        }
        prepareRequest(host);
        BackendConnection idle = pool.acquire();
        if (idle == null) {
            connect();
        } else {
            use(idle);
            backend.channel().write(request, backend.channel().voidPromise());
            updateReading();
        }
    }

    /** When the request must be done by: the stanza's own time bound, else the global one; 0 = never. */
    private long requestDeadline(Route route, long now) {
        long bound = RoutePolicy.requestBoundNanos(route, proxy.requestBoundNanos);
        return bound == 0 ? 0 : now + bound;
    }

    private UpstreamPool poolFor(Object target) {
        if (target != lastTarget || lastPool.closed()) {
            lastPool = proxy.pools.get().poolFor(target);
            lastTarget = target;
        }
        return lastPool;
    }

    private void prepareRequest(String host) {
        HttpHeaders headers = request.headers();
        String upgrade = headers.get(HttpHeaderNames.UPGRADE);
        webSocket = upgrade != null && HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(upgrade)
                && HopByHopHeaders.connectionHas(headers, "upgrade");
        retryable = isIdempotent(request.method()) && !HttpUtil.isTransferEncodingChunked(request)
                && HttpUtil.getContentLength(request, 0L) == 0;
        HopByHopHeaders.strip(headers);
        if (webSocket) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE).set(HttpHeaderNames.UPGRADE, upgrade);
        }
        if (!host.equals(forwardedHost)) {
            forwardedElement = ForwardingHeaders.element(peer, host, scheme.name());
            forwardedHost = host;
        }
        ForwardingHeaders.apply(headers, peer, host, scheme.name(), forwardedElement, client);
        if (reverseProxy != null) {
            if (!reverseProxy.preserveHost()) {
                headers.set(HttpHeaderNames.HOST, pool.upstream().hostHeader());
            }
            HeaderRewriter.apply(reverseProxy.rewriteRequest(), headers);
        }
        // berth speaks HTTP/1.1 with keep-alive to backends whatever the client speaks.
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
    }

    private void connect() {
        phase = Phase.CONNECTING;
        updateReading();
        proxy.connector.connect(ctx.channel().eventLoop(), pool).addListener(connected);
    }

    private void connected(ChannelFuture future) {
        if (phase != Phase.CONNECTING || !ctx.channel().isActive()) {
            // The exchange ended meanwhile (deadline, client gone): the new connection is not needed.
            future.channel().close();
            return;
        }
        if (!future.isSuccess() || !future.channel().isActive()) {
            failExchange();
            return;
        }
        phase = Phase.FORWARDING;
        use(future.channel().pipeline().get(BackendConnection.class));
        backend.channel().write(request, backend.channel().voidPromise());
        if (requestDone) {
            // A retry: the request had no body and was complete before.
            backend.channel().write(LastHttpContent.EMPTY_LAST_CONTENT, backend.channel().voidPromise());
        }
        // The body parts read while connecting go now, in order, and replay flushes all of it.
        replay();
    }

    private void use(BackendConnection connection) {
        backend = connection;
        connection.attach(this);
        connection.channel().config().setAutoRead(ctx.channel().isWritable());
    }

    // ---- the response, called by the BackendConnection

    void onResponseHead(HttpResponse response) {
        HttpResponseStatus status = response.status();
        if (status.code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            switchingProtocols(response);
        } else if (status.codeClass() == HttpStatusClass.INFORMATIONAL) {
            informational = true;
            if (!http10) {
                HopByHopHeaders.strip(response.headers());
                ctx.write(response, ctx.voidPromise());
            }
        } else {
            responseStarted = true;
            timer.deadline(requestDeadline, false);
            prepareResponse(response);
            ctx.write(response, ctx.voidPromise());
        }
    }

    private void switchingProtocols(HttpResponse response) {
        if (!webSocket) {
            // Only websocket upgrades are let through; anything else switching is a broken backend.
            failExchange();
            return;
        }
        upgrading = true;
        responseStarted = true;
        ctx.write(response, ctx.voidPromise());
    }

    private void prepareResponse(HttpResponse response) {
        HttpHeaders headers = response.headers();
        HopByHopHeaders.strip(headers);
        if (reverseProxy != null) {
            HeaderRewriter.apply(reverseProxy.rewriteResponse(), headers);
        }
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        int code = response.status().code();
        boolean bodyless = HttpMethod.HEAD.equals(request.method()) || code == 204 || code == 304;
        boolean chunked = HttpUtil.isTransferEncodingChunked(response);
        if (!bodyless && !chunked && !HttpUtil.isContentLengthSet(response)) {
            // The backend ends the body by closing: chunk it for HTTP/1.1 clients, close for HTTP/1.0 ones.
            if (http10) {
                closeAfter = true;
            } else {
                HttpUtil.setTransferEncodingChunked(response, true);
            }
        } else if (http10 && chunked) {
            // HTTP/1.0 has no chunking: send the body plain and end it by closing.
            headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
            closeAfter = true;
        }
        finishHead(response);
    }

    void onResponseContent(HttpContent content, BackendConnection from) {
        if (informational) {
            informational = !(content instanceof LastHttpContent);
            if (http10) {
                ReferenceCountUtil.release(content);
            } else {
                ctx.writeAndFlush(content, ctx.voidPromise());
            }
            return;
        }
        if (upgrading) {
            ctx.write(content, ctx.voidPromise());
            if (content instanceof LastHttpContent) {
                openTunnel(from);
            }
            return;
        }
        if (!(content instanceof LastHttpContent)) {
            ctx.write(content, ctx.voidPromise());
            if (!ctx.channel().isWritable()) {
                // Pause first: the flush may drain the client at once, and its writability event
                // (which resumes the backend) must come after the pause, not before.
                from.channel().config().setAutoRead(false);
                ctx.flush();
            }
            return;
        }
        // Let go of the backend before the last write: its completion may start the next exchange.
        backend = null;
        if (!requestDone) {
            // Answered before the request ended: where its body stops on this connection is unknown.
            closeAfter = true;
        }
        from.finish(requestDone, System.nanoTime());
        ctx.writeAndFlush(content).addListener(responseSent);
    }

    private void openTunnel(BackendConnection from) {
        ctx.flush();
        if (accessLog != null) {
            // The upgrade is answered: its line now; the tunnel's raw bytes are not counted.
            accessLog.finish();
            ctx.pipeline().remove(accessLog);
        }
        timer.stop();
        backend = null;
        RouteTarget.Backend toCount = counted;
        counted = null;
        phase = Phase.CLOSING;
        Tunnel.open(ctx.channel(), this, from.channel(), from, toCount, proxy.inFlight, proxy.tunnels);
    }

    void onBackendClosed(BackendConnection connection) {
        if (connection != backend) {
            return;
        }
        backend = null;
        if (!responseStarted && connection.reused() && retryable && !retried && ctx.channel().isActive()) {
            // Most likely the backend closed this idle keep-alive connection just as it was reused:
            // a request without a body and without side effects is safe to send once more.
            retried = true;
            connect();
            return;
        }
        failExchange();
    }

    void flushToClient() {
        timer.activity();
        ctx.flush();
    }

    void backendWritabilityChanged() {
        timer.activity();
        updateReading();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        timer.activity();
        if (backend != null) {
            backend.channel().config().setAutoRead(context.channel().isWritable());
        }
        context.fireChannelWritabilityChanged();
    }

    // ---- the end of an exchange

    private void responseSent(ChannelFuture future) {
        if (accessLog != null) {
            accessLog.finish();
        }
        responseDone = true;
        endCounted();
        if (!future.isSuccess()) {
            ctx.close();
            return;
        }
        maybeFinish();
    }

    private void maybeFinish() {
        if (!responseDone || phase == Phase.CLOSING) {
            return;
        }
        if (closeAfter) {
            phase = Phase.CLOSING;
            ctx.close();
        } else if (requestDone) {
            phase = Phase.IDLE;
            request = null;
            reverseProxy = null;
            pool = null;
            timer.clearDeadline();
            replay();
        }
    }

    /** Fails the current exchange: 502 if nothing was answered yet, else the connection is cut. */
    private void failExchange() {
        if (phase == Phase.CLOSING) {
            return;
        }
        boolean started = responseStarted;
        abandonExchange();
        if (started || !ctx.channel().isActive()) {
            ctx.close();
            return;
        }
        FullHttpResponse response = Answers.page(proxy.pages.backendFailure());
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** Lets go of everything the exchange holds; the connection closes after. */
    private void abandonExchange() {
        phase = Phase.CLOSING;
        BackendConnection connection = backend;
        backend = null;
        if (connection != null) {
            connection.abort();
        }
        endCounted();
        updateReading();
    }

    private void endCounted() {
        RouteTarget.Backend toEnd = counted;
        if (toEnd != null) {
            counted = null;
            proxy.inFlight.end(toEnd);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        timer.stop();
        if (accessLog != null) {
            // An exchange still open ended with the connection (an error page then close, a cut
            // response, a client gone): logged with what was written.
            accessLog.finish();
        }
        phase = Phase.CLOSING;
        releaseHeld();
        BackendConnection connection = backend;
        backend = null;
        if (connection != null) {
            connection.abort();
        }
        endCounted();
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        // Resets and broken pipes are a client's business; the connection is simply done.
        context.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event != ShutdownRequest.INSTANCE) {
            context.fireUserEventTriggered(event);
            return;
        }
        shuttingDown = true;
        if (phase == Phase.IDLE) {
            context.close();
        } else {
            closeAfter = true;
        }
    }

    // ---- timeouts

    @Override
    public void idleExpired() {
        if (outputMoved()) {
            // A large static file goes out by sendfile as one message: no event tells of its bytes
            // moving, but they are, so the connection is not idle.
            timer.activity();
            return;
        }
        if (phase == Phase.FORWARDING || phase == Phase.CONNECTING) {
            failExchange();
        } else {
            ctx.close();
        }
    }

    @Override
    public void deadlinePassed() {
        if (phase == Phase.FORWARDING || phase == Phase.CONNECTING) {
            failExchange();
        } else if (phase == Phase.ANSWERING) {
            // A static file still being sent: its head is out, so all that is left is to cut it.
            phase = Phase.CLOSING;
            ctx.close();
        }
    }

    /**
     * Whether the answer being written has moved since the last look: another message is being flushed,
     * or more of the same one, as Netty's IdleStateHandler judges output. A client that stops reading is
     * therefore idle after at most two idle timeouts. HTTP/2 streams have no such buffer: false.
     */
    private boolean outputMoved() {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        Object current = buffer == null ? null : buffer.current();
        long progress = current == null ? 0 : buffer.currentProgress();
        boolean moved = current != null && (current != lastOutput || progress != lastOutputProgress);
        lastOutput = current;
        lastOutputProgress = progress;
        return moved;
    }

    // ---- small parts

    private void startExchange(HttpRequest head) {
        request = head;
        keepAlive = HttpUtil.isKeepAlive(head) && !shuttingDown;
        http10 = head.protocolVersion().majorVersion() == 1 && head.protocolVersion().minorVersion() == 0;
        counted = null;
        reverseProxy = null;
        webSocket = false;
        retryable = false;
        retried = false;
        requestDone = false;
        responseStarted = false;
        responseDone = false;
        informational = false;
        upgrading = false;
        closeAfter = false;
        hsts = null;
        requestDeadline = 0;
        headDeadline = 0;
        addedHeaders = List.of();
    }

    /** What every answer's head gets last: the middlewares' headers and the Connection header. */
    private void finishHead(HttpResponse response) {
        HttpHeaders headers = response.headers();
        for (int i = 0; i < addedHeaders.size(); i++) {
            headers.add(addedHeaders.get(i).getKey(), addedHeaders.get(i).getValue());
        }
        if (hsts != null) {
            headers.set(ConnectionScheme.STRICT_TRANSPORT_SECURITY, hsts);
        }
        connectionHeader(headers);
    }

    /** Connection: close when this answer ends the connection; keep-alive spelled out for HTTP/1.0. */
    private void connectionHeader(HttpHeaders headers) {
        if (!keepAlive || shuttingDown) {
            closeAfter = true;
        }
        if (closeAfter) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    /**
     * Reads only while the proxy can use what it reads: between requests, while a body streams to
     * a backend that keeps up, and a little ahead (held) once a request is complete. Reading is not
     * switched off at every request's end: that would cost two system calls per request.
     */
    private void updateReading() {
        boolean room = held.size() < MAX_HELD;
        boolean want = switch (phase) {
            case IDLE -> room;
            case FORWARDING -> requestDone ? room && !webSocket
                    : backend != null && backend.channel().isWritable();
            case ANSWERING -> !requestDone || room;
            case CONNECTING, CLOSING -> false;
        };
        ChannelConfig config = ctx.channel().config();
        if (config.isAutoRead() != want) {
            config.setAutoRead(want);
            if (!want && backend != null) {
                backend.channel().flush();
            }
        }
    }

    /** The route's HSTS value, worked out once per route and connection (keep-alive clients repeat it). */
    private String hstsOf(Route route) {
        if (route != hstsRoute) {
            hstsValue = scheme.hsts(route);
            hstsRoute = route;
        }
        return hstsValue;
    }

    private boolean isHealthCheck(String uri) {
        String path = proxy.healthcheckPath;
        return path != null && uri.startsWith(path)
                && (uri.length() == path.length() || uri.charAt(path.length()) == '?');
    }


    private static boolean isIdempotent(HttpMethod method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)
                || HttpMethod.PUT.equals(method) || HttpMethod.DELETE.equals(method) || HttpMethod.TRACE.equals(method);
    }

    private static long earliest(long a, long b) {
        if (a == 0) {
            return b;
        }
        return b == 0 || a - b < 0 ? a : b;
    }
}
