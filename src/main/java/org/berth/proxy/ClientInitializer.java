package org.berth.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;

/** The pipeline of an accepted connection: the HTTP/1.x codec, then the proxy logic. */
final class ClientInitializer extends ChannelInitializer<Channel> {
    static final String CODEC = "codec";

    private final ProxyContext proxy;
    private final ChannelGroup clients;
    private final ConnectionScheme scheme;

    ClientInitializer(ProxyContext proxy, ChannelGroup clients, ConnectionScheme scheme) {
        this.proxy = proxy;
        this.clients = clients;
        this.scheme = scheme;
    }

    @Override
    protected void initChannel(Channel channel) {
        clients.add(channel);
        channel.pipeline()
                .addLast(CODEC, new HttpServerCodec(decoderConfig()));
        ExchangeMeters meters = ProxyMetrics.installed();
        if (meters != null) {
            channel.pipeline().addLast(MetricsRecorder.NAME, new MetricsRecorder(meters, proxy.router, proxy.pages.backendFailure()));
        }
        channel.pipeline().addLast("proxy", new ClientConnection(proxy, scheme));
    }

    static HttpDecoderConfig decoderConfig() {
        // Large chunks: a streamed body crosses in fewer, bigger messages (slices, not copies).
        return new HttpDecoderConfig().setMaxInitialLineLength(8192).setMaxHeaderSize(16 * 1024)
                .setMaxChunkSize(64 * 1024)
                .setHeadersFactory(CompactHeadersFactory.HEADERS).setTrailersFactory(CompactHeadersFactory.TRAILERS);
    }
}
