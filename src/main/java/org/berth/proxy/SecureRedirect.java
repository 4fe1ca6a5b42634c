package org.berth.proxy;

import java.util.Optional;

/**
 * The answer to a plain-HTTP request for a stanza with {@code requires-secure: true}: 301 to
 * {@code https://host[:port]/path?query}.
 *
 * <p>Keter copies the Host header as it is, port included, so {@code example.org:8080} led to
 * {@code https://example.org:8080/} — the plain port, on which nothing speaks TLS. berth drops
 * the request's port and adds the external HTTPS port instead, unless it is 443. The host must
 * be a plausible host name or IP literal; anything else (an {@code @}, a {@code /}) gives no
 * redirect, and the proxy answers 400 rather than build a Location that points elsewhere.
 */
public final class SecureRedirect {
    public static final int STATUS = 301;
    public static final int DEFAULT_HTTPS_PORT = 443;

    private SecureRedirect() {
    }

    /**
     * @param hostHeader the request's Host header (may carry a port; IPv6 in brackets)
     * @param target     the request target as received
     * @param httpsPort  the port clients reach HTTPS on ({@code external-https-port})
     * @return empty when the Host header is not a usable host
     */
    public static Optional<RedirectResponse> to(String hostHeader, String target, int httpsPort) {
        return host(hostHeader).map(host -> new RedirectResponse(STATUS, "https://" + host
                + (httpsPort == DEFAULT_HTTPS_PORT ? "" : ":" + httpsPort)
                + RedirectRequestTarget.of(target).pathAndQuery()));
    }

    /**
     * The host of a Host header without its port: {@code example.org:80} → {@code example.org},
     * {@code [::1]:8080} → {@code [::1]}, a bare IPv6 address gains its brackets.
     */
    static Optional<String> host(String hostHeader) {
        if (hostHeader == null) {
            return Optional.empty();
        }
        String value = hostHeader.trim();
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0 || !isPort(value.substring(close + 1))) {
                return Optional.empty();
            }
            String address = value.substring(1, close);
            return isIpv6(address) ? Optional.of("[" + address + "]") : Optional.empty();
        }
        int colon = value.indexOf(':');
        if (colon >= 0 && value.indexOf(':', colon + 1) >= 0) {
            return isIpv6(value) ? Optional.of("[" + value + "]") : Optional.empty();
        }
        String name = colon < 0 ? value : value.substring(0, colon);
        if (colon >= 0 && !isPort(value.substring(colon))) {
            return Optional.empty();
        }
        return isHostName(name) ? Optional.of(name) : Optional.empty();
    }

    /** {@code ""} or {@code ":digits"}. */
    private static boolean isPort(String text) {
        return text.isEmpty() || text.length() >= 2 && text.length() <= 6 && text.charAt(0) == ':'
                && text.substring(1).chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean isIpv6(String address) {
        return !address.isEmpty() && address.chars().allMatch(c ->
                c == ':' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
    }

    /** Letters, digits, {@code -}, {@code _} and dots: names and IPv4 addresses, nothing that ends an authority. */
    private static boolean isHostName(String name) {
        return !name.isEmpty() && name.length() <= 253 && name.chars().allMatch(c ->
                c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_');
    }
}
