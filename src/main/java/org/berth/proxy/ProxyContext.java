package org.berth.proxy;

import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetAddress;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.Predicate;
import org.berth.bundle.Middleware;
import org.berth.route.InFlightRequests;
import org.berth.route.Router;

/** What every connection of one {@link ProxyServer} shares; read-only after start except the per-loop pools. */
final class ProxyContext {
    private static final int MAX_CHAINS = 1024;

    final Router router;
    final InFlightRequests inFlight;
    final Tunnels tunnels;
    final ErrorPages pages;
    final LocalTargets local;
    final UpstreamConnector connector;
    /** Peers whose forwarding headers are believed. */
    final Predicate<InetAddress> trust;
    /** Hops of a believed forwarding chain that are trusted proxies themselves. */
    final Predicate<InetAddress> trustedProxies;
    final String healthcheckPath;
    final int externalHttpsPort;
    final long idleNanos;
    final long requestBoundNanos;
    final long poolIdleNanos;
    /** Where answered requests are logged; null = no access log. */
    final AccessLogWriter accessLog;
    /** Each event loop's own backend connections (see {@link ConnectionPool}). */
    final FastThreadLocal<ConnectionPool> pools = new FastThreadLocal<>() {
        @Override
        protected ConnectionPool initialValue() {
            return new ConnectionPool();
        }
    };

    /** Each event loop's prepared middleware chains, by the identity of the stanza's list. */
    private final FastThreadLocal<IdentityHashMap<List<Middleware>, MiddlewareChain>> chains = new FastThreadLocal<>() {
        @Override
        protected IdentityHashMap<List<Middleware>, MiddlewareChain> initialValue() {
            return new IdentityHashMap<>();
        }
    };

    ProxyContext(ProxySettings settings, Router router, InFlightRequests inFlight, Tunnels tunnels, ErrorPages pages,
                 LocalTargets local, UpstreamConnector connector, AccessLogWriter accessLog) {
        this.router = router;
        this.inFlight = inFlight;
        this.tunnels = tunnels;
        this.pages = pages;
        this.local = local;
        this.connector = connector;
        this.trust = settings.trustsForwardingFrom();
        this.trustedProxies = settings.trustedProxies();
        this.healthcheckPath = settings.healthcheckPath().orElse(null);
        this.externalHttpsPort = settings.externalHttpsPort();
        this.idleNanos = settings.idleTimeout().toNanos();
        this.requestBoundNanos = settings.requestTimeBoundNanos();
        this.poolIdleNanos = settings.poolIdleTimeout().toNanos();
        this.accessLog = accessLog;
    }

    /** The prepared chain of a stanza's middleware list; prepared once per event loop and list. */
    MiddlewareChain chain(List<Middleware> middleware) {
        IdentityHashMap<List<Middleware>, MiddlewareChain> prepared = chains.get();
        MiddlewareChain chain = prepared.get(middleware);
        if (chain == null) {
            if (prepared.size() >= MAX_CHAINS) {
                // Lists of routes long gone; preparing the live ones again is cheap.
                prepared.clear();
            }
            chain = MiddlewareChain.of(middleware);
            prepared.put(middleware, chain);
        }
        return chain;
    }
}
