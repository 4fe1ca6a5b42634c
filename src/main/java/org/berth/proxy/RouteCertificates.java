package org.berth.proxy;

import java.util.HashMap;
import java.util.Map;
import org.berth.bundle.RedirectStanza;
import org.berth.bundle.ReverseProxyStanza;
import org.berth.bundle.Ssl;
import org.berth.bundle.StaticFilesStanza;
import org.berth.bundle.WebAppStanza;
import org.berth.route.Route;
import org.berth.route.RouteTable;
import org.berth.route.Router;
import org.berth.tls.CertificateSource;
import org.berth.tls.TlsService;

/** Keeps a {@link TlsService}'s hosts in step with the route table: every host, with its stanza's {@code ssl}. */
public final class RouteCertificates {
    private RouteCertificates() {
    }

    /** From now on, every route table swapped into {@code router} tells {@code tls} its hosts. */
    public static void follow(Router router, TlsService tls) {
        router.follow(table -> tls.hostsChanged(of(table)));
    }

    static Map<String, CertificateSource> of(RouteTable table) {
        Map<String, CertificateSource> hosts = new HashMap<>();
        for (Route route : table.all()) {
            hosts.put(route.host().pattern(), CertificateSource.of(ssl(route.stanza())));
        }
        return hosts;
    }

    private static Ssl ssl(Object stanza) {
        return switch (stanza) {
            case WebAppStanza web -> web.ssl();
            case StaticFilesStanza files -> files.ssl();
            case RedirectStanza redirect -> redirect.ssl();
            case ReverseProxyStanza proxy -> proxy.ssl();
            case null, default -> Ssl.OFF;
        };
    }
}
