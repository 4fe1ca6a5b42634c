package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.berth.bundle.Ssl;
import org.berth.config.HstsSettings;
import org.berth.config.TlsListenerSpec;
import org.berth.config.TlsSettings;
import org.berth.testing.FreePorts;
import org.berth.tls.AcmeTimings;
import org.berth.tls.CertificateState;
import org.berth.tls.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTP/2 request carrying {@code Upgrade} (a connection-specific header, forbidden in HTTP/2 by RFC 9113
 * §8.2.2) sent by a real HTTP/2 client, Netty's, since the JDK's refuses to send it: that stream alone is
 * reset (PROTOCOL_ERROR, never forwarded), and the connection's other streams, before and after it, are
 * answered normally.
 */
class ProxyHttp2UpgradeTest {
    private static final TestCertificates CA = TestCertificates.newAuthority("berth h2 upgrade test CA");
    private static final String HOST = "h2.berth.test";

    @TempDir
    Path dir;
    HttpsProxyFixture proxy;
    HttpBackend backend;
    MultiThreadIoEventLoopGroup group;

    @BeforeEach
    void start() throws Exception {
        TestCertificates.PemPair listener = TestCertificates.write(dir, "listener", CA.issue(HOST));
        proxy = new HttpsProxyFixture(FreePorts.next(), FreePorts.next(),
                new TlsListenerSpec(listener.certificate(), listener.key(), List.of(), false),
                new TlsSettings(Optional.empty(), HstsSettings.OFF), dir.resolve("data"), AcmeTimings.DEFAULT);
        backend = new HttpBackend("web");
        proxy.webapp(HOST, backend.target(), Ssl.ON, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.tls.status(HOST).state() == CertificateState.NONE);
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void stop() throws Exception {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        proxy.close();
        backend.close();
    }

    @Test
    void anUpgradeHeaderEndsItsOwnStreamOnlyAndTheConnectionServesOn() throws Exception {
        Channel connection = connect();

        assertThat(exchange(connection, request("/before"))).isEqualTo("200");
        String upgraded = exchange(connection, request("/upgrade").add("upgrade", "websocket"));
        // Netty's HTTP/2 decoder refuses connection-specific headers as a stream error: RST_STREAM for it alone.
        assertThat(upgraded).as("the stream with Upgrade").isEqualTo("reset PROTOCOL_ERROR");
        assertThat(exchange(connection, request("/after"))).isEqualTo("200");
        assertThat(connection.isActive()).as("the connection is still open").isTrue();
        connection.close().sync();
    }

    // ---- a minimal HTTP/2 client

    private Channel connect() throws Exception {
        SslContext tls = SslContextBuilder.forClient()
                .trustManager(CA.root())
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
                .build();
        Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc(), HOST, proxy.tlsPort))
                                .addLast(Http2FrameCodecBuilder.forClient().build())
                                .addLast(new Http2MultiplexHandler(new SimpleChannelInboundHandler<Object>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, Object pushed) {
                                        // the proxy never pushes
                                    }
                                }));
                    }
                })
                .connect("127.0.0.1", proxy.tlsPort).sync().channel();
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        ssl.handshakeFuture().sync();
        assertThat(ssl.applicationProtocol()).isEqualTo(ApplicationProtocolNames.HTTP_2);
        return channel;
    }

    private static Http2Headers request(String path) {
        return new DefaultHttp2Headers().method("GET").scheme("https").authority(HOST).path(path);
    }

    /** One stream: its status, or {@code reset CODE} when the server reset it. */
    private static String exchange(Channel connection, Http2Headers headers) throws Exception {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection)
                .handler(new StreamOutcome(outcome)).open().sync().getNow();
        stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true)).sync();
        return outcome.get(10, TimeUnit.SECONDS);
    }

    /** Completes with the status once the answer has ended, or with the reset's error code. */
    private static final class StreamOutcome extends SimpleChannelInboundHandler<Http2StreamFrame> {
        private final CompletableFuture<String> outcome;
        private String status;

        StreamOutcome(CompletableFuture<String> outcome) {
            this.outcome = outcome;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
            if (frame instanceof Http2HeadersFrame headers) {
                if (headers.headers().status() != null) {
                    status = headers.headers().status().toString();
                }
                if (headers.isEndStream()) {
                    outcome.complete(status);
                }
            } else if (frame instanceof Http2DataFrame data && data.isEndStream()) {
                outcome.complete(status);
            } else if (frame instanceof Http2ResetFrame reset) {
                outcome.complete("reset " + io.netty.handler.codec.http2.Http2Error.valueOf(reset.errorCode()));
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof Http2ResetFrame reset) {
                outcome.complete("reset " + io.netty.handler.codec.http2.Http2Error.valueOf(reset.errorCode()));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            outcome.complete(status == null ? "closed without an answer" : status);
        }
    }
}
