package org.berth.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.CombinedChannelDuplexHandler;
import org.berth.route.InFlightRequests;
import org.berth.route.RouteTarget;

/**
 * A websocket after its {@code 101}: the client and backend connections joined as a raw byte
 * pipe, both HTTP codecs gone. It counts as one request in flight to its backend for as long as it
 * is open, is exempt from the request time bound, and ends when either side closes.
 */
final class Tunnel {
    private final Channel client;
    private final Channel backend;
    private final RouteTarget.Backend counted;
    private final InFlightRequests inFlight;
    private final Tunnels registry;
    private boolean closed;

    private Tunnel(Channel client, Channel backend, RouteTarget.Backend counted, InFlightRequests inFlight,
                   Tunnels registry) {
        this.client = client;
        this.backend = backend;
        this.counted = counted;
        this.inFlight = inFlight;
        this.registry = registry;
    }

    /**
     * Turns both pipelines into relays. The exchange's in-flight count passes to the tunnel.
     * {@code counted} may be null (a reverse-proxy upstream is not drained).
     */
    static void open(Channel client, ChannelHandler clientHandler, Channel backend, ChannelHandler backendHandler,
                     RouteTarget.Backend counted, InFlightRequests inFlight, Tunnels registry) {
        Tunnel tunnel = new Tunnel(client, backend, counted, inFlight, registry);
        if (counted != null) {
            registry.add(counted, client);
        }
        ChannelPipeline clientPipeline = client.pipeline();
        ChannelPipeline backendPipeline = backend.pipeline();
        clientPipeline.replace(clientHandler, "tunnel", new TunnelRelay(backend, tunnel));
        backendPipeline.replace(backendHandler, "tunnel", new TunnelRelay(client, tunnel));
        // Removing a decoder hands on the bytes it still holds. Drop the client's encoder first,
        // then the backend codec, then the client's decoder, so early bytes either way meet a raw pipe.
        ((CombinedChannelDuplexHandler<?, ?>) clientPipeline.get(ClientInitializer.CODEC)).removeOutboundHandler();
        backendPipeline.remove(UpstreamConnector.CODEC);
        clientPipeline.remove(ClientInitializer.CODEC);
        client.config().setAutoRead(true);
        backend.config().setAutoRead(true);
        if (!client.isActive() || !backend.isActive()) {
            tunnel.close();
        }
    }

    /** Either side closed: flush what is on its way to the other side, close it, and stop counting. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeAfterFlush(client);
        closeAfterFlush(backend);
        if (counted != null) {
            registry.remove(counted, client);
            inFlight.end(counted);
        }
    }

    private static void closeAfterFlush(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }
}
