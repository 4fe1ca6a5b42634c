package org.berth.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.berth.bundle.GlobalReverseProxyStanzas;
import org.berth.bundle.ReverseProxyStanza;
import org.berth.bundle.Ssl;
import org.berth.naming.AppName;
import org.berth.route.HostPattern;
import org.berth.route.Route;
import org.berth.route.RouteTable;
import org.berth.route.RouteTarget;
import org.junit.jupiter.api.Test;

class GlobalRoutesTest {
    private static ReverseProxyStanza stanza(String host, int port, int line) {
        return new ReverseProxyStanza("127.0.0.1", port, false, List.of(host), Ssl.OFF, false, Optional.empty(),
                List.of(), List.of(), false, List.of(), Optional.empty(), line);
    }

    @Test
    void theBuiltInAppsNameIsOneNoBundleCanHave() {
        assertThat(AppName.isValid(GlobalRoutes.APP)).isFalse();
    }

    @Test
    void oneRoutePerHostAsABundlesReverseProxyStanzaGetsThemAndTheyClashWithBundles() {
        ReverseProxyStanza api = stanza("api.example.com", 9000, 4);
        ReverseProxyStanza shadowed = stanza("api.example.com", 9001, 8);
        ReverseProxyStanza admin = stanza("admin.example.com", 9002, 12);
        List<Route> routes = GlobalRoutes.of(new GlobalReverseProxyStanzas(List.of(api, shadowed, admin), List.of()));

        assertThat(routes).extracting(route -> route.host().pattern()).containsExactly("api.example.com", "admin.example.com");
        assertThat(routes.get(0).app()).isEqualTo(GlobalRoutes.APP);
        assertThat(routes.get(0).target()).isEqualTo(new RouteTarget.FromStanza(api));
        assertThat(routes.get(0).stanza()).isSameAs(api);

        RouteTable table = RouteTable.EMPTY.withApp(GlobalRoutes.APP, routes);
        assertThat(table.lookup("api.example.com:8080").map(Route::stanza)).containsSame(api);
        assertThat(table.ownerOf(new HostPattern("API.example.com"), "shop")).contains(GlobalRoutes.APP);
        assertThat(GlobalRoutes.of(GlobalReverseProxyStanzas.NONE)).isEmpty();
    }
}
