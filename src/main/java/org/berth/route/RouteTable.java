package org.berth.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable host → route map the proxy reads on every request. Built anew for each change
 * and swapped in whole by {@link Router}, so readers never lock and never see half a deploy.
 * Exact hosts win over wildcards; a Host header's port is ignored unless an exact entry has it.
 */
public final class RouteTable {
    public static final RouteTable EMPTY = new RouteTable(Map.of(), List.of());

    private final Map<String, Route> exact;
    private final List<Route> wildcards;

    private RouteTable(Map<String, Route> exact, List<Route> wildcards) {
        this.exact = exact;
        this.wildcards = wildcards;
    }

    /** The route for a Host header value (may carry a port), or empty for an unknown host. */
    public Optional<Route> lookup(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) {
            return Optional.empty();
        }
        String host = hostHeader.toLowerCase(Locale.ROOT);
        Route route = exact.get(host);
        if (route != null) {
            return Optional.of(route);
        }
        String bare = stripPort(host);
        route = exact.get(bare);
        if (route != null) {
            return Optional.of(route);
        }
        for (Route wildcard : wildcards) {
            if (wildcard.host().matches(bare)) {
                return Optional.of(wildcard);
            }
        }
        return Optional.empty();
    }

    /** This table with every route of {@code app} replaced by {@code routes}. */
    public RouteTable withApp(String app, List<Route> routes) {
        Map<String, Route> newExact = new HashMap<>();
        List<Route> newWildcards = new ArrayList<>();
        for (Route route : all()) {
            if (!route.app().equals(app)) {
                add(route, newExact, newWildcards);
            }
        }
        routes.forEach(route -> add(route, newExact, newWildcards));
        return new RouteTable(Map.copyOf(newExact), List.copyOf(newWildcards));
    }

    public RouteTable withoutApp(String app) {
        return withApp(app, List.of());
    }

    /** The app (other than {@code app}) that already serves {@code host}, if any. */
    public Optional<String> ownerOf(HostPattern host, String app) {
        return all().stream().filter(route -> route.host().equals(host) && !route.app().equals(app))
                .map(Route::app).findFirst();
    }

    public List<Route> routesOf(String app) {
        return all().stream().filter(route -> route.app().equals(app)).toList();
    }

    public List<Route> all() {
        List<Route> routes = new ArrayList<>(exact.values());
        routes.addAll(wildcards);
        return routes;
    }

    private static void add(Route route, Map<String, Route> exact, List<Route> wildcards) {
        if (route.host().isWildcard()) {
            wildcards.add(route);
        } else {
            exact.putIfAbsent(route.host().pattern(), route);
        }
    }

    static String stripPort(String host) {
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close > 0 ? host.substring(0, close + 1) : host;
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(':') == colon ? host.substring(0, colon) : host;
    }
}
