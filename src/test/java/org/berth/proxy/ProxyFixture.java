package org.berth.proxy;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.berth.config.AppSettings;
import org.berth.config.BindHost;
import org.berth.config.ListenerSpec;
import org.berth.route.HostPattern;
import org.berth.route.InFlightRequests;
import org.berth.route.Route;
import org.berth.route.RouteTarget;
import org.berth.route.Router;

/** A {@link ProxyServer} on 127.0.0.1 and a free port, with its router, counters and tunnel registry. */
final class ProxyFixture implements AutoCloseable {
    final Router router = new Router();
    final InFlightRequests inFlight = new InFlightRequests();
    final Tunnels tunnels = new Tunnels();
    final ProxyServer server;
    final int port;

    private ProxyFixture(ProxySettings settings, LocalTargets local) throws IOException {
        server = new ProxyServer(settings, router, inFlight, tunnels, local);
        port = server.start().get(0).getPort();
    }

    static ProxyFixture start() throws IOException {
        return start(settings -> settings);
    }

    static ProxyFixture start(UnaryOperator<ProxySettings> tweak) throws IOException {
        return new ProxyFixture(tweak.apply(defaults()), LocalTargets.standard());
    }

    /** A proxy as {@link ProxySettings#from} makes it of {@code settings}, on 127.0.0.1 and a free port. */
    static ProxyFixture start(AppSettings settings) throws IOException {
        return new ProxyFixture(ProxySettings.from(settings)
                .withListeners(List.of(new ListenerSpec(BindHost.parse("127.0.0.1"), 0, Optional.empty()))),
                LocalTargets.standard());
    }

    static ProxySettings defaults() {
        return ProxySettings.from(AppSettings.DEFAULTS)
                .withListeners(List.of(new ListenerSpec(BindHost.parse("127.0.0.1"), 0, Optional.empty())));
    }

    /** Makes {@code host} the only host of an app named after it, answered by {@code target}. */
    void route(String host, RouteTarget target) {
        router.update(table -> table.withApp("app-" + host, List.of(new Route(new HostPattern(host), "app-" + host, 1, target))));
    }

    /** The same with the stanza the route came from (its time bound, listing, middleware), as deploys make them. */
    void route(String host, RouteTarget target, Object stanza) {
        router.update(table -> table.withApp("app-" + host,
                List.of(new Route(new HostPattern(host), "app-" + host, 1, target, stanza))));
    }

    void unroute(String host) {
        router.update(table -> table.withoutApp("app-" + host));
    }

    RawHttpClient client() throws IOException {
        return new RawHttpClient(port);
    }

    @Override
    public void close() {
        server.close();
    }
}
