package org.berth.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A websocket echo server for proxy tests, on loopback: a websocket upgrade on any path starts a
 * session that echoes every message (text or binary, fragments as they come), and the 101 answer
 * carries {@code X-Version}; any plain request is answered with the version, like
 * {@link VersionApp}. When it stops ({@link #close()}, or SIGTERM when run as a process) every
 * session gets a close frame 1001 (going away) first.
 *
 * <p>In a test: {@code try (WebSocketEchoApp app = WebSocketEchoApp.start("v1", 0)) { ... app.port() ... }}.
 * As a bundle process: {@link #bundle} (it reads {@code PORT} and {@code VERSION} like VersionApp).
 */
public final class WebSocketEchoApp implements AutoCloseable {
    /** Plain requests (uploads) are read whole; larger ones get 413. */
    private static final int MAX_REQUEST_BODY = 16 * 1024 * 1024;

    private final EventLoopGroup group;
    private final Channel listener;
    private final ChannelGroup sessions;

    private WebSocketEchoApp(EventLoopGroup group, Channel listener, ChannelGroup sessions) {
        this.group = group;
        this.listener = listener;
        this.sessions = sessions;
    }

    /** Listens on 127.0.0.1:{@code port} (0: a free port) and answers {@code version}. */
    public static WebSocketEchoApp start(String version, int port) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ChannelGroup sessions = new DefaultChannelGroup("websocket-sessions", GlobalEventExecutor.INSTANCE);
        try {
            Channel listener = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(MAX_REQUEST_BODY))
                                    .addLast(new WebSocketEchoHandler(version, sessions));
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                    .sync()
                    .channel();
            return new WebSocketEchoApp(group, listener, sessions);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Open websocket sessions right now. */
    public int sessions() {
        return sessions.size();
    }

    /** Says "going away" (1001) to every session, stops listening and ends the event loop. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        sessions.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "server stopping"))
                .awaitUninterruptibly(2, TimeUnit.SECONDS);
        sessions.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** The bundle process: {@code PORT} and {@code VERSION} from the environment; stops on SIGTERM. */
    public static void main(String[] args) throws Exception {
        String version = System.getenv().getOrDefault("VERSION", "unknown");
        int port = Integer.parseInt(System.getenv("PORT"));
        WebSocketEchoApp app = start(version, port);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "websocket-echo-stop"));
        System.out.println("websocket echo version " + version + " listening on " + app.port());
        app.listener.closeFuture().sync();
    }

    /** A launcher script for this app: this JVM, the test classpath (as {@link BundleBuilder#launcher} for VersionApp). */
    public static String launcher() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return "#!/bin/sh\nexec " + java + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
                + " -cp '" + System.getProperty("java.class.path") + "' " + WebSocketEchoApp.class.getName() + " \"$@\"\n";
    }

    /** A bundle with one webapp running this app as {@code version} on {@code host}; {@code extraStanzaYaml} is indented into the stanza. */
    public static BundleBuilder bundle(String version, String host, String extraStanzaYaml) {
        return new BundleBuilder()
                .file("bin/app", launcher(), 0755)
                .config("stanzas:\n"
                        + "  - type: webapp\n"
                        + "    exec: ../bin/app\n"
                        + "    host: " + host + "\n"
                        + "    env:\n"
                        + "      VERSION: \"" + version + "\"\n"
                        + extraStanzaYaml);
    }
}
