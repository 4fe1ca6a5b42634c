package org.berth.bundle;

import java.util.OptionalInt;

/** Where a redirect sends the client. */
public sealed interface RedirectTarget {

    /** A fixed URL ({@code url:}), sent as it is. */
    record UrlTarget(String url) implements RedirectTarget {
    }

    /**
     * Another host ({@code host:}); the request's path and query are kept. Keter leaves the port
     * out of the URL when it is the scheme's default (80 for http, 443 for https).
     *
     * @param host as written (it only goes into the Location URL)
     */
    record HostTarget(String host, boolean secure, OptionalInt port) implements RedirectTarget {
    }
}
