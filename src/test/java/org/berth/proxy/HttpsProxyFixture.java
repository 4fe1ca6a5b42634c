package org.berth.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.berth.bundle.Ssl;
import org.berth.bundle.StaticFilesStanza;
import org.berth.bundle.WebAppStanza;
import org.berth.config.BindHost;
import org.berth.config.HstsSettings;
import org.berth.config.ListenerSpec;
import org.berth.config.TlsListenerSpec;
import org.berth.config.TlsSettings;
import org.berth.route.HostPattern;
import org.berth.route.InFlightRequests;
import org.berth.route.Route;
import org.berth.route.RouteTarget;
import org.berth.route.Router;
import org.berth.tls.AcmeTimings;
import org.berth.tls.TlsService;
import java.time.Clock;

/**
 * A real {@link ProxyServer} with a plain and a TLS listener on 127.0.0.1 and the {@link TlsService}
 * wired as {@code berth server} wires it: hosts follow the router, {@code start()} after binding.
 */
final class HttpsProxyFixture implements AutoCloseable {
    final Router router = new Router();
    final TlsService tls;
    final ProxyServer server;
    final int plainPort;
    final int tlsPort;
    final List<InetSocketAddress> bound;

    HttpsProxyFixture(int plainPort, int tlsPort, TlsListenerSpec listenerFiles, TlsSettings settings, Path data,
                      AcmeTimings timings) throws IOException {
        this.plainPort = plainPort;
        this.tlsPort = tlsPort;
        tls = new TlsService(settings, data, timings, Clock.systemUTC());
        BindHost loopback = BindHost.parse("127.0.0.1");
        ProxySettings d = ProxyFixture.defaults();
        ProxySettings settingsWithPorts = new ProxySettings(
                List.of(new ListenerSpec(loopback, plainPort, Optional.empty()),
                        new ListenerSpec(loopback, tlsPort, Optional.of(listenerFiles))),
                d.connectTimeout(), d.idleTimeout(), d.requestTimeBound(), d.poolIdleTimeout(), d.healthcheckPath(),
                tlsPort, d.trustsForwardingFrom(), d.responseFiles(), d.upstreamTls(), Duration.ofSeconds(2),
                d.ioThreads());
        server = new ProxyServer(settingsWithPorts, router, new InFlightRequests(), new Tunnels(),
                LocalTargets.standard(), Optional.empty(), Optional.of(tls));
        bound = server.start();
        RouteCertificates.follow(router, tls);
        tls.start();
    }

    /** Routes {@code host} to {@code target} as a webapp stanza with this {@code ssl} would. */
    void webapp(String host, RouteTarget.Backend target, Ssl ssl, boolean requiresSecure) {
        webapp(host, target, ssl, requiresSecure, Optional.empty());
    }

    /** The same, with the stanza's own {@code hsts} (empty: the global setting). */
    void webapp(String host, RouteTarget.Backend target, Ssl ssl, boolean requiresSecure, Optional<HstsSettings> hsts) {
        WebAppStanza stanza = new WebAppStanza(Path.of("/bin/true"), List.of(), Map.of(), List.of(), List.of(host), ssl,
                requiresSecure, Optional.empty(), WebAppStanza.DEFAULT_ENSURE_ALIVE, List.of(), List.of(),
                Optional.empty(), Optional.empty(), hsts, 1);
        route(host, target, stanza);
    }

    void staticFiles(String host, Path root) {
        StaticFilesStanza stanza = new StaticFilesStanza(root, List.of(host), false, Ssl.OFF, false, List.of(),
                Optional.empty(), 1);
        route(host, new RouteTarget.StaticFiles(root, false), stanza);
    }

    private void route(String host, RouteTarget target, Object stanza) {
        router.update(table -> table.withApp("app-" + host,
                List.of(new Route(new HostPattern(host), "app-" + host, 1, target, stanza))));
    }

    /** A client that trusts {@code trust}, asking for HTTP/2 (it falls back to HTTP/1.1 without ALPN h2). */
    static HttpClient client(SSLContext trust, HttpClient.Version version) {
        return HttpClient.newBuilder().sslContext(trust).version(version).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String https(String host, String path) {
        return "https://" + host + ":" + tlsPort + path;
    }

    String http(String host, String path) {
        return "http://" + host + ":" + plainPort + path;
    }

    @Override
    public void close() {
        server.close();
        tls.close();
    }
}
