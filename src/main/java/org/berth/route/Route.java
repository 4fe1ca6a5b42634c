package org.berth.route;

/**
 * One host's entry in the route table: which app and release own it and what answers it.
 *
 * @param host    the host pattern as configured
 * @param app     the app that owns the host
 * @param release the release id serving it
 * @param target  what the proxy does with a request for this host
 */
public record Route(HostPattern host, String app, long release, RouteTarget target) {
}
