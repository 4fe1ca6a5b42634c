package org.berth.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import org.berth.tls.TlsListener;

/**
 * The pipeline of a connection accepted on a TLS listener: the SNI handler (which becomes the
 * {@code SslHandler} of the chosen certificate), then {@link ProtocolSelector}, which installs HTTP/2 or
 * HTTP/1.1 once the handshake has settled the protocol.
 */
final class TlsClientInitializer extends ChannelInitializer<Channel> {
    static final String TLS = "tls";

    private final TlsListener listener;
    private final ChannelGroup clients;
    private final SecurePipelines pipelines;

    TlsClientInitializer(TlsListener listener, ChannelGroup clients, SecurePipelines pipelines) {
        this.listener = listener;
        this.clients = clients;
        this.pipelines = pipelines;
    }

    @Override
    protected void initChannel(Channel channel) {
        clients.add(channel);
        channel.pipeline()
                .addLast(TLS, listener.newHandler())
                .addLast("protocol", new ProtocolSelector(pipelines));
    }
}
