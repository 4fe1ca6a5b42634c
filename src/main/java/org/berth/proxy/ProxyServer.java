package org.berth.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.berth.config.ListenerSpec;
import org.berth.route.InFlightRequests;
import org.berth.route.RouteTarget;
import org.berth.route.Router;
import org.berth.tls.TlsFileException;
import org.berth.tls.TlsListener;
import org.berth.tls.TlsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * berth's front door: one listener per {@link ListenerSpec} (plain HTTP, or HTTPS with HTTP/2 and
 * HTTP/1.1 when a {@link TlsService} is given), all served by one group
 * of event loops (one per core) that also run the backend connections. Requests are routed on
 * the {@link Router}'s current table and counted in {@link InFlightRequests} so the app lifecycle
 * can drain old releases; websocket tunnels are listed in {@link Tunnels} so it can close them.
 */
public final class ProxyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);
    private static final long SWEEP_SECONDS = 1;

    private final ProxySettings settings;
    private final Router router;
    private final Tunnels tunnels;
    private final Transport transport;
    private final EventLoopGroup group;
    private final ChannelGroup clients = new DefaultChannelGroup("berth-proxy-clients", GlobalEventExecutor.INSTANCE);
    private final List<Channel> listeners = new ArrayList<>();
    private final ByteBufAllocator allocator;
    private final UpstreamConnector connector;
    private final ProxyContext context;
    /** Null: no HTTPS, TLS listeners are skipped. */
    private final TlsService tls;
    private boolean closed;

    /** Without an access log. */
    public ProxyServer(ProxySettings settings, Router router, InFlightRequests inFlight, Tunnels tunnels,
                       LocalTargets local) {
        this(settings, router, inFlight, tunnels, local, Optional.empty());
    }

    /**
     * @param local     who answers static-files and redirect routes ({@link LocalTargets#standard()})
     * @param accessLog where every answered request is logged; opened and closed by the caller (close
     *                  it after this server, so the last requests' lines are written); empty = no log,
     *                  and no cost per request
     */
    public ProxyServer(ProxySettings settings, Router router, InFlightRequests inFlight, Tunnels tunnels,
                       LocalTargets local, Optional<AccessLogWriter> accessLog) {
        this(settings, router, inFlight, tunnels, local, accessLog, Optional.empty());
    }

    /**
     * @param tls HTTPS: certificates for the TLS listeners, http-01 answers on the plain ones, HSTS; empty =
     *            TLS listeners are skipped. Owned by the caller (it starts the service after {@link #start()}).
     */
    public ProxyServer(ProxySettings settings, Router router, InFlightRequests inFlight, Tunnels tunnels,
                       LocalTargets local, Optional<AccessLogWriter> accessLog, Optional<TlsService> tls) {
        this.settings = settings;
        this.tls = tls.orElse(null);
        this.router = router;
        this.tunnels = tunnels;
        ErrorPages pages = ErrorPages.load(settings.responseFiles());
        transport = chosenTransport(settings.listeners());
        group = new MultiThreadIoEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory("berth-proxy"),
                transport.ioHandlers());
        allocator = ProxyAllocator.forLoops(settings.ioThreads());
        connector = new UpstreamConnector(transport, group, allocator, settings);
        context = new ProxyContext(settings, router, inFlight, tunnels, pages, local, connector,
                accessLog.orElse(null));
    }

    /**
     * Binds every listener; returns the addresses bound (a port of 0 is chosen by the system). A TLS listener
     * whose certificate files cannot be used is skipped with one log line naming the file.
     */
    public synchronized List<InetSocketAddress> start() throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap().group(group)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.ALLOCATOR, allocator)
                .childHandler(new ClientInitializer(context, clients, ConnectionScheme.plain(tls)));
        List<InetSocketAddress> bound = new ArrayList<>();
        try {
            for (ListenerSpec listener : settings.listeners()) {
                ServerBootstrap forListener = bootstrap;
                if (listener.secure()) {
                    Optional<TlsListener> secure = tlsListener(listener);
                    if (secure.isEmpty()) {
                        continue;
                    }
                    forListener = bootstrap.clone().childHandler(new TlsClientInitializer(secure.get(), clients,
                            new SecurePipelines(context, ConnectionScheme.secure(tls), settings)));
                }
                Channel channel = bind(forListener, listener);
                listeners.add(channel);
                bound.add((InetSocketAddress) channel.localAddress());
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        startSweeps();
        LOG.info("proxy listening on {} ({} transport, {} event loops)", bound, transport.name(), settings.ioThreads());
        return bound;
    }

    /**
     * Closes every websocket tunnel to {@code backend}, for the lifecycle to call when a drained
     * release's drain timeout passes with tunnels still open. Returns how many were closed.
     */
    public int closeConnectionsTo(RouteTarget.Backend backend) {
        return tunnels.closeTo(backend);
    }

    /**
     * Stops listening, lets requests in flight finish (at most the shutdown grace), closes idle
     * connections and tunnels at once, then stops the event loops.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        listeners.forEach(channel -> channel.close().awaitUninterruptibly());
        clients.forEach(channel -> channel.pipeline().fireUserEventTriggered(ShutdownRequest.INSTANCE));
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        while (!clients.isEmpty() && System.nanoTime() - deadline < 0 && !Thread.currentThread().isInterrupted()) {
            sleep(10);
        }
        clients.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        connector.close();
    }

    /** The best transport, or the one {@value Transport#CHOICE_VARIABLE} names (a warning when it cannot be had). */
    private static Transport chosenTransport(List<ListenerSpec> listeners) {
        boolean ipv4WildcardAlone = listeners.stream().anyMatch(listener -> BindCandidates.ipv4WildcardAlone(listener.host()));
        Transport.Choice choice = Transport.choose(Optional.ofNullable(System.getenv(Transport.CHOICE_VARIABLE)),
                ipv4WildcardAlone);
        choice.warning().ifPresent(LOG::warn);
        return choice.transport();
    }

    /** The TLS side of a listener; empty (and one log line) when it cannot have one. */
    private Optional<TlsListener> tlsListener(ListenerSpec listener) {
        if (tls == null) {
            LOG.warn("listener {}: this proxy was started without HTTPS; not listening there", listener.describe());
            return Optional.empty();
        }
        try {
            return Optional.of(tls.listener(listener.tls().orElseThrow()));
        } catch (TlsFileException e) {
            LOG.error("listener {}: {}; not listening there", listener.describe(), e.getMessage());
            return Optional.empty();
        }
    }

    private Channel bind(ServerBootstrap bootstrap, ListenerSpec listener) throws IOException {
        IOException failure = null;
        for (BindCandidates.Candidate candidate : BindCandidates.of(listener.host(), listener.port())) {
            SocketProtocolFamily family = candidate.address().getAddress() instanceof Inet6Address
                    ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
            ServerBootstrap attempt = bootstrap.clone().channelFactory(() -> transport.serverChannels().apply(family));
            if (candidate.v6Only()) {
                if (transport.v6Only().isPresent()) {
                    attempt.option(transport.v6Only().get(), 1);
                } else {
                    LOG.warn("listener {}: the {} transport cannot refuse IPv4 on an IPv6 socket; IPv4 clients can connect too",
                            listener.describe(), transport.name());
                }
            }
            try {
                return attempt.bind(candidate.address()).syncUninterruptibly().channel();
            } catch (Exception e) {
                IOException next = new IOException("cannot listen on " + listener.describe() + " ("
                        + candidate.address() + "): " + e.getMessage(), e);
                if (failure != null) {
                    next.addSuppressed(failure);
                }
                failure = next;
            }
        }
        throw failure != null ? failure : new IOException("cannot listen on " + listener.describe() + ": no address");
    }

    /** Each loop, once a second: idle backend connections past their time, pools of unrouted backends. */
    private void startSweeps() {
        long maxIdle = settings.poolIdleTimeout().toNanos();
        for (EventExecutor loop : group) {
            loop.scheduleWithFixedDelay(() -> context.pools.get().sweep(router.table(), System.nanoTime(), maxIdle),
                    SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
