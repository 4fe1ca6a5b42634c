package org.berth.app;

import java.util.List;
import org.berth.bundle.GlobalReverseProxyStanzas;
import org.berth.naming.AppName;
import org.berth.route.HostPattern;
import org.berth.route.Route;
import org.berth.route.RouteTarget;

/**
 * Keter's global reverse-proxy stanzas, served as Keter serves them: as the routes of one built-in app.
 * Its name is one {@link AppName} refuses, so no bundle can take it (nor remove or replace its routes),
 * and its hosts take part in the host clash check every deploy makes ("already served by app …").
 */
public final class GlobalRoutes {
    /** The built-in app's name in the route table; the colon keeps it out of every bundle's reach. */
    public static final String APP = "global:reverse-proxy";
    /** Its one release: the config it came from. */
    static final long RELEASE = 0;

    private GlobalRoutes() {
    }

    /** One route per host, built as a bundle's reverse-proxy stanza's routes are ({@link ReleaseLauncher#routes}). */
    public static List<Route> of(GlobalReverseProxyStanzas global) {
        return global.hostOwners().entrySet().stream()
                .map(owner -> new Route(new HostPattern(owner.getKey()), APP, RELEASE,
                        new RouteTarget.FromStanza(owner.getValue()), owner.getValue()))
                .toList();
    }
}
