package org.berth.route;

/**
 * One host's entry in the route table: which app and release own it and what answers it.
 *
 * @param host    the host pattern as configured
 * @param app     the app that owns the host
 * @param release the release id serving it
 * @param target  what the proxy does with a request for this host
 * @param stanza  the bundle stanza behind the route (its requires-secure, time bound, middleware),
 *                or null; kept untyped so routing does not depend on the bundle model
 */
public record Route(HostPattern host, String app, long release, RouteTarget target, Object stanza) {

    public Route(HostPattern host, String app, long release, RouteTarget target) {
        this(host, app, release, target, target instanceof RouteTarget.FromStanza from ? from.stanza() : null);
    }
}
