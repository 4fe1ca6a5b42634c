package org.berth.proxy;

/**
 * What the proxy reports about its exchanges, for metrics. Implemented outside the proxy
 * ({@code org.berth.metrics}) so the data plane does not depend on a metrics library; calls come
 * from event loops and must be cheap and never block.
 */
public interface ExchangeMeters {
    /** The label of requests for a host no route serves. */
    String UNROUTED = "unrouted";

    /** The meters of one route's host pattern ({@code shop.example.com}, {@code *.example.org}) or {@link #UNROUTED}. */
    HostMeters host(String routeHost);

    /** Requests received and not yet answered, across all hosts, go up or down by {@code delta}. */
    void inFlight(int delta);

    /** The meters of one host, held by connections so a keep-alive client costs no lookup per request. */
    interface HostMeters {
        /** An exchange ended: {@code status} is the answer's (0 when the connection ended first) after {@code nanos}. */
        void answered(int status, long nanos);

        /** The proxy answered with its own backend-failure page: the backend refused, reset or timed out. */
        void backendFailure();
    }
}
