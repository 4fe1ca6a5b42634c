package org.berth.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.lang.reflect.Constructor;
import java.nio.channels.spi.SelectorProvider;
import java.util.Optional;
import java.util.function.Function;

/**
 * The socket implementation the proxy runs on: Linux's io_uring when the kernel allows it, else
 * native epoll (the design's first measurement chose it), else Java NIO. io_uring came first in a
 * later measurement: the same requests cost berth 17% less CPU, mostly in the kernel, because one
 * submission carries every read and write of a loop turn (docs/proxy.md, "Transport"). Hosts that
 * forbid it (a container's seccomp profile, {@code kernel.io_uring_disabled}) get epoll without being
 * told to; {@code BERTH_PROXY_TRANSPORT} picks one by name. The native classes are loaded by name so a
 * missing one is just "not available"; everything else uses them through Netty's transport-neutral types.
 *
 * @param name          for the start-up log line
 * @param ioHandlers    the event loops' I/O handler
 * @param serverChannels listening sockets for a given address family. epoll and NIO open an IPv4 listener
 *                      on an IPv4 socket; io_uring opens every one as IPv6 and binds an IPv4 address in its
 *                      mapped form ({@code ::ffff:127.0.0.1}), which takes IPv4 only, except the wildcard
 *                      {@code 0.0.0.0}, which Netty binds as {@code ::} (both families): {@link #choose}
 *                      keeps such listeners off io_uring
 * @param channel       accepted and outgoing TCP connections
 * @param datagram      UDP, for the DNS resolver of reverse-proxy upstreams given by name
 * @param v6Only        the socket option that keeps an IPv6 listener off IPv4 ({@code !6}); empty on NIO
 */
record Transport(String name, IoHandlerFactory ioHandlers, Function<SocketProtocolFamily, ServerChannel> serverChannels,
                 Class<? extends Channel> channel, Class<? extends DatagramChannel> datagram,
                 Optional<ChannelOption<Integer>> v6Only) {

    /** The environment variable that picks a transport by name instead of the best available. */
    static final String CHOICE_VARIABLE = "BERTH_PROXY_TRANSPORT";
    private static final String EPOLL = "io.netty.channel.epoll.";
    private static final String IO_URING = "io.netty.channel.uring.";
    /** {@code setsockopt(IPPROTO_IPV6, IPV6_V6ONLY)} on Linux. */
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPV6_V6ONLY = 26;
    private static final ChannelOption<Integer> V6_ONLY = new IntegerUnixChannelOption("IPV6_V6ONLY", IPPROTO_IPV6,
            IPV6_V6ONLY);

    /** What {@link #choose} settled on; a warning when it is not what was asked for. */
    record Choice(Transport transport, Optional<String> warning) {
    }

    /** The best available for listeners that include no IPv4 wildcard: io_uring, then epoll, then NIO. */
    static Transport best() {
        return best(false);
    }

    /** The same, skipping io_uring when a listener binds IPv4's wildcard alone (see {@code serverChannels}). */
    private static Transport best(boolean ipv4WildcardAlone) {
        Optional<Transport> fastest = ipv4WildcardAlone ? epoll() : ioUring().or(Transport::epoll);
        return fastest.orElseGet(Transport::nio);
    }

    /**
     * The transport named by {@code wanted} ({@code io_uring}, {@code epoll}, {@code nio}; empty or
     * {@code auto}: the best). A name that is unknown or cannot be had here falls back to the best, with a
     * warning saying so: a proxy that does not start is worse than one on another transport.
     *
     * @param ipv4WildcardAlone whether a listener binds {@code 0.0.0.0} without IPv6 ({@code !4}, {@code *4},
     *                          {@code 0.0.0.0}), which io_uring's always-IPv6 listening sockets cannot do: its
     *                          native bind turns the mapped wildcard into {@code ::}, which takes IPv6 too
     */
    static Choice choose(Optional<String> wanted, boolean ipv4WildcardAlone) {
        String name = wanted.map(String::strip).filter(text -> !text.isEmpty()).orElse("auto");
        Optional<Transport> named = switch (name) {
            case "auto" -> Optional.of(best(ipv4WildcardAlone));
            case "io_uring" -> ipv4WildcardAlone ? Optional.empty() : ioUring();
            case "epoll" -> epoll();
            case "nio" -> Optional.of(nio());
            default -> Optional.empty();
        };
        if (named.isPresent()) {
            return new Choice(named.get(), Optional.empty());
        }
        Transport fallback = best(ipv4WildcardAlone);
        String why = switch (name) {
            case "io_uring" -> ipv4WildcardAlone
                    ? "cannot listen on IPv4's wildcard address alone (a listener host \"!4\", \"*4\" or 0.0.0.0)"
                    : "is not available on this system";
            case "epoll" -> "is not available on this system";
            default -> "is not a transport (expected auto, io_uring, epoll or nio)";
        };
        return new Choice(fallback, Optional.of(CHOICE_VARIABLE + "=" + name + " " + why + "; using " + fallback.name()));
    }

    static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(),
                family -> new NioServerSocketChannel(SelectorProvider.provider(), family), NioSocketChannel.class,
                NioDatagramChannel.class, Optional.empty());
    }

    static Optional<Transport> epoll() {
        try {
            if (!available(EPOLL + "Epoll")) {
                return Optional.empty();
            }
            Constructor<? extends ServerChannel> server = Class.forName(EPOLL + "EpollServerSocketChannel")
                    .asSubclass(ServerChannel.class).getConstructor(SocketProtocolFamily.class);
            return Optional.of(new Transport("epoll", handlers(EPOLL + "EpollIoHandler"),
                    family -> instantiate(server, family),
                    Class.forName(EPOLL + "EpollSocketChannel").asSubclass(Channel.class),
                    Class.forName(EPOLL + "EpollDatagramChannel").asSubclass(DatagramChannel.class),
                    Optional.of(V6_ONLY)));
        } catch (ReflectiveOperationException | LinkageError e) {
            return Optional.empty();
        }
    }

    /**
     * io_uring, when its native library loads and the kernel lets it set up a ring. Its listening socket
     * has no address-family choice: it is IPv6 (dual stack) wherever the host has IPv6, see the record's
     * {@code serverChannels}.
     */
    static Optional<Transport> ioUring() {
        try {
            if (!available(IO_URING + "IoUring")) {
                return Optional.empty();
            }
            Constructor<? extends ServerChannel> server = Class.forName(IO_URING + "IoUringServerSocketChannel")
                    .asSubclass(ServerChannel.class).getConstructor();
            return Optional.of(new Transport("io_uring", handlers(IO_URING + "IoUringIoHandler"),
                    family -> instantiate(server),
                    Class.forName(IO_URING + "IoUringSocketChannel").asSubclass(Channel.class),
                    Class.forName(IO_URING + "IoUringDatagramChannel").asSubclass(DatagramChannel.class),
                    Optional.of(V6_ONLY)));
        } catch (ReflectiveOperationException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static boolean available(String className) throws ReflectiveOperationException {
        return (Boolean) Class.forName(className).getMethod("isAvailable").invoke(null);
    }

    private static IoHandlerFactory handlers(String className) throws ReflectiveOperationException {
        return (IoHandlerFactory) Class.forName(className).getMethod("newFactory").invoke(null);
    }

    private static ServerChannel instantiate(Constructor<? extends ServerChannel> constructor, Object... arguments) {
        try {
            return constructor.newInstance(arguments);
        } catch (ReflectiveOperationException e) {
            throw new ChannelException("cannot open a listening socket", e);
        }
    }
}
