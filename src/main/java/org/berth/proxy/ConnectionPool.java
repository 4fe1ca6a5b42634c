package org.berth.proxy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.berth.route.Route;
import org.berth.route.RouteTable;
import org.berth.route.RouteTarget;

/**
 * One event loop's backend connections, per upstream. Each loop has its own, and a client's
 * backend connections live on the client's loop: no locks, no cross-thread hand-offs. A periodic
 * sweep closes idle connections past their time and the pools of upstreams no longer routed to.
 */
final class ConnectionPool {
    private final Map<Object, UpstreamPool> pools = new HashMap<>();
    private RouteTable sweptTable;
    private Set<Object> routed = Set.of();

    /** The pool for a {@link RouteTarget.Backend} or a reverse-proxy stanza. */
    UpstreamPool poolFor(Object target) {
        UpstreamPool pool = pools.get(target);
        if (pool == null) {
            pool = new UpstreamPool(Upstream.of(target));
            pools.put(target, pool);
        }
        return pool;
    }

    void sweep(RouteTable table, long now, long maxIdleNanos) {
        if (table != sweptTable) {
            routed = routedTargets(table);
            sweptTable = table;
        }
        for (Iterator<Map.Entry<Object, UpstreamPool>> it = pools.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Object, UpstreamPool> entry = it.next();
            if (routed.contains(entry.getKey())) {
                entry.getValue().expire(now, maxIdleNanos);
            } else {
                entry.getValue().close();
                it.remove();
            }
        }
    }

    int size() {
        return pools.size();
    }

    static Set<Object> routedTargets(RouteTable table) {
        Set<Object> targets = new HashSet<>();
        for (Route route : table.all()) {
            switch (route.target()) {
                case RouteTarget.Backend backend -> targets.add(backend);
                case RouteTarget.FromStanza from -> targets.add(from.stanza());
                default -> {
                }
            }
        }
        return targets;
    }
}
