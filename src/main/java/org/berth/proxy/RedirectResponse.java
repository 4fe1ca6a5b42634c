package org.berth.proxy;

import java.util.List;
import java.util.Map;

/**
 * A redirect the proxy answers itself: a status and a Location. As Keter does, the body may
 * simply be the location.
 */
public record RedirectResponse(int status, String location) {

    /** The answer's headers. */
    public List<Map.Entry<String, String>> headers() {
        return List.of(Map.entry("Location", location));
    }
}
