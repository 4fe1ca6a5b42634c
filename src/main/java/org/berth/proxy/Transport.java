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
 * The socket implementation the proxy runs on: Linux's native epoll when it loads (the design's
 * measurement chose it), Java NIO otherwise. The epoll classes are loaded by name because the
 * native transport is a runtime-only dependency of the build; everything else uses them through
 * Netty's transport-neutral types.
 *
 * @param name          for the start-up log line
 * @param ioHandlers    the event loops' I/O handler
 * @param serverChannels listening sockets, opened in a given address family: an IPv4 listener on an
 *                      IPv4 socket, so it can never take IPv6 (Netty's default socket is IPv6)
 * @param channel       accepted and outgoing TCP connections
 * @param datagram      UDP, for the DNS resolver of reverse-proxy upstreams given by name
 * @param v6Only        the socket option that keeps an IPv6 listener off IPv4 ({@code !6}); empty on NIO
 */
record Transport(String name, IoHandlerFactory ioHandlers, Function<SocketProtocolFamily, ServerChannel> serverChannels,
                 Class<? extends Channel> channel, Class<? extends DatagramChannel> datagram,
                 Optional<ChannelOption<Integer>> v6Only) {

    private static final String EPOLL = "io.netty.channel.epoll.";
    /** {@code setsockopt(IPPROTO_IPV6, IPV6_V6ONLY)} on Linux. */
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPV6_V6ONLY = 26;

    /** Epoll when available, else NIO. */
    static Transport best() {
        return epoll().orElseGet(Transport::nio);
    }

    static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(),
                family -> new NioServerSocketChannel(SelectorProvider.provider(), family), NioSocketChannel.class,
                NioDatagramChannel.class, Optional.empty());
    }

    static Optional<Transport> epoll() {
        try {
            if (!(Boolean) Class.forName(EPOLL + "Epoll").getMethod("isAvailable").invoke(null)) {
                return Optional.empty();
            }
            IoHandlerFactory handlers = (IoHandlerFactory) Class.forName(EPOLL + "EpollIoHandler")
                    .getMethod("newFactory").invoke(null);
            Constructor<? extends ServerChannel> server = Class.forName(EPOLL + "EpollServerSocketChannel")
                    .asSubclass(ServerChannel.class).getConstructor(SocketProtocolFamily.class);
            return Optional.of(new Transport("epoll", handlers, family -> instantiate(server, family),
                    Class.forName(EPOLL + "EpollSocketChannel").asSubclass(Channel.class),
                    Class.forName(EPOLL + "EpollDatagramChannel").asSubclass(DatagramChannel.class),
                    Optional.of(new IntegerUnixChannelOption("IPV6_V6ONLY", IPPROTO_IPV6, IPV6_V6ONLY))));
        } catch (ReflectiveOperationException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static ServerChannel instantiate(Constructor<? extends ServerChannel> constructor, SocketProtocolFamily family) {
        try {
            return constructor.newInstance(family);
        } catch (ReflectiveOperationException e) {
            throw new ChannelException("cannot open a " + family + " listening socket", e);
        }
    }
}
