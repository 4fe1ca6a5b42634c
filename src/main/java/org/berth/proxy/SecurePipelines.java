package org.berth.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP pipelines of an HTTPS connection, installed once ALPN has chosen. Both end in a
 * {@link ClientConnection} that speaks HttpObjects: over HTTP/1.1 one per connection, over HTTP/2 one per
 * stream (each stream is a child channel with its own autoRead, writability from the stream's flow-control
 * window, the connection's event loop and addresses). Backends are spoken to in HTTP/1.1 either way.
 *
 * <p>Static files cannot go zero-copy through TLS or HTTP/2 frames: {@link FileRegionChunks} turns them
 * into chunks that {@link ChunkedWriteHandler} writes as the client takes them.
 */
final class SecurePipelines {
    private static final int MAX_CONCURRENT_STREAMS = 128;
    private static final int MAX_HEADER_LIST_SIZE = 16 * 1024;

    private final ProxyContext proxy;
    private final ConnectionScheme scheme;
    private final long idleNanos;
    private final long shutdownGraceMillis;

    SecurePipelines(ProxyContext proxy, ConnectionScheme scheme, ProxySettings settings) {
        this.proxy = proxy;
        this.scheme = scheme;
        this.idleNanos = settings.idleTimeout().toNanos();
        this.shutdownGraceMillis = settings.shutdownGrace().toMillis();
    }

    void http1(ChannelPipeline pipeline) {
        pipeline.addLast(ClientInitializer.CODEC, new HttpServerCodec(ClientInitializer.decoderConfig()));
        addProxy(pipeline);
    }

    void http2(ChannelPipeline pipeline) {
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                        .maxHeaderListSize(MAX_HEADER_LIST_SIZE))
                // close() sends GOAWAY and waits this long for the streams in flight.
                .gracefulShutdownTimeoutMillis(shutdownGraceMillis)
                .build();
        pipeline.addLast("idle", new IdleStateHandler(0, 0, idleNanos, TimeUnit.NANOSECONDS))
                .addLast("h2", codec)
                .addLast("h2-streams", new Http2MultiplexHandler(new StreamInitializer()))
                .addLast("h2-lifecycle", new ConnectionLifecycle(codec));
    }

    private void addProxy(ChannelPipeline pipeline) {
        ExchangeMeters meters = ProxyMetrics.installed();
        if (meters != null) {
            // Next to the codec, as on plain connections: it sees each request and the answer's head and end.
            pipeline.addLast(MetricsRecorder.NAME, new MetricsRecorder(meters, proxy.router, proxy.pages.backendFailure()));
        }
        pipeline.addLast("chunked", new ChunkedWriteHandler())
                .addLast("files", new FileRegionChunks())
                .addLast("proxy", new ClientConnection(proxy, scheme));
    }

    /** Each HTTP/2 stream: frames to HttpObjects and back, then the proxy. */
    private final class StreamInitializer extends ChannelInitializer<Http2StreamChannel> {
        @Override
        protected void initChannel(Http2StreamChannel stream) {
            stream.pipeline().addLast("h2-http", new Http2StreamFrameToHttpObjectCodec(true))
                    .addLast("h2-requests", new Http2Requests());
            addProxy(stream.pipeline());
        }
    }

    /**
     * The connection's own ends: at proxy shutdown a GOAWAY that lets streams in flight finish; an idle
     * connection (no stream open, nothing moving) closed like an idle HTTP/1.1 one.
     */
    private static final class ConnectionLifecycle extends ChannelInboundHandlerAdapter {
        private final Http2FrameCodec codec;

        ConnectionLifecycle(Http2FrameCodec codec) {
            this.codec = codec;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event == ShutdownRequest.INSTANCE) {
                ctx.channel().close();
            } else if (event instanceof IdleStateEvent) {
                if (codec.connection().numActiveStreams() == 0) {
                    ctx.channel().close();
                }
            } else {
                ctx.fireUserEventTriggered(event);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
