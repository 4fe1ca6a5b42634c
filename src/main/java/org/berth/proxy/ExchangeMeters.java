package org.berth.proxy;

/**
 * What the proxy reports about its exchanges, for metrics. Implemented outside the proxy
 * ({@code org.berth.metrics}) so the data plane does not depend on a metrics library; calls come
 * from event loops and must be cheap and never block.
 */
public interface ExchangeMeters {
    /** The label of requests for a host no route serves. */
    String UNROUTED = "unrouted";

    /**
     * The meters of one route's host pattern ({@code shop.example.com}, {@code *.example.org}) or
     * {@link #UNROUTED}, for the calling thread: a connection asks on its event loop and reports
     * from that loop only, which lets an implementation keep one unshared set of counts per loop.
     */
    HostMeters host(String routeHost);

    /** The meters of one host, held by connections so a keep-alive client costs no lookup per request. */
    interface HostMeters {
        /** A request's head was read: it is in flight until {@link #answered}. */
        void started();

        /** An exchange ended: {@code status} is the answer's (0 when the connection ended first) after {@code nanos}. */
        void answered(int status, long nanos);

        /** The proxy answered with its own backend-failure page: the backend refused, reset or timed out. */
        void backendFailure();
    }
}
