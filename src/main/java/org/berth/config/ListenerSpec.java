package org.berth.config;

import java.util.Optional;

/**
 * One address the proxy listens on: plain HTTP, or HTTPS when {@code tls} is present.
 *
 * @param host where to bind
 * @param port the port (Keter's default: 80, or 443 for TLS)
 * @param tls  certificate and key, for an HTTPS listener
 */
public record ListenerSpec(BindHost host, int port, Optional<TlsListenerSpec> tls) {
    public static final int DEFAULT_HTTP_PORT = 80;
    public static final int DEFAULT_HTTPS_PORT = 443;

    /** Keter's listener when nothing is configured: plain HTTP on every address, port 80. */
    public static final ListenerSpec DEFAULT = new ListenerSpec(BindHost.ANY, DEFAULT_HTTP_PORT, Optional.empty());

    public boolean secure() {
        return tls.isPresent();
    }

    /** Short form for messages and {@code config check}: {@code *4:443 (TLS)}. */
    public String describe() {
        return host + ":" + port + (secure() ? " (TLS)" : "");
    }
}
