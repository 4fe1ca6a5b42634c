package org.berth.proxy;

import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.berth.route.RouteTarget;

/**
 * The open websocket tunnels per backend, so the app lifecycle can close the ones to a drained
 * release when its drain timeout passes. Event loops add and remove; any thread may close.
 */
public final class Tunnels {
    private final ConcurrentHashMap<RouteTarget.Backend, Set<Channel>> open = new ConcurrentHashMap<>();

    void add(RouteTarget.Backend backend, Channel client) {
        open.computeIfAbsent(backend, key -> ConcurrentHashMap.newKeySet()).add(client);
    }

    void remove(RouteTarget.Backend backend, Channel client) {
        open.computeIfPresent(backend, (key, channels) -> channels.remove(client) && channels.isEmpty() ? null : channels);
    }

    /** Open tunnels to {@code backend}. */
    public int count(RouteTarget.Backend backend) {
        Set<Channel> channels = open.get(backend);
        return channels == null ? 0 : channels.size();
    }

    /**
     * Closes every tunnel to {@code backend} (both of its connections); each leaves
     * {@link org.berth.route.InFlightRequests} as it closes. Returns how many there were.
     */
    public int closeTo(RouteTarget.Backend backend) {
        Set<Channel> channels = open.get(backend);
        if (channels == null) {
            return 0;
        }
        int closed = 0;
        for (Channel client : channels) {
            client.close();
            closed++;
        }
        return closed;
    }
}
