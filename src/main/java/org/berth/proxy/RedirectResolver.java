package org.berth.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.berth.bundle.RedirectAction;
import org.berth.bundle.RedirectStanza;
import org.berth.bundle.RedirectTarget;

/**
 * How a {@code redirect} stanza answers, as Keter's {@code redirectApp}: the first action whose
 * {@code path} equals the request path (or that has no path) answers with the stanza's status;
 * no match is empty, which the proxy answers with 404.
 *
 * <p>A {@code url} target is sent as written. A {@code host} target builds
 * {@code http(s)://host[:port]} from the action — its {@code secure} flag, not the request's
 * scheme, picks https — leaves the port out when it is the scheme's default, and appends the
 * request's raw path and query.
 *
 * <p>Keter compares the action's path with the raw (percent-encoded) request path only, so
 * {@code path: /a b} never matched {@code /a%20b}. berth also accepts the decoded form, which is
 * what the YAML author wrote.
 */
public final class RedirectResolver {

    private RedirectResolver() {
    }

    /**
     * @param target the request target as received (percent-encoded path, maybe a query)
     */
    public static Optional<RedirectResponse> resolve(RedirectStanza stanza, String target) {
        RedirectRequestTarget request = RedirectRequestTarget.of(target);
        Optional<String> decodedPath = percentDecoded(request.rawPath());
        for (RedirectAction action : stanza.actions()) {
            boolean matches = action.path()
                    .map(path -> path.equals(request.rawPath()) || decodedPath.filter(path::equals).isPresent())
                    .orElse(true);
            if (matches) {
                return Optional.of(new RedirectResponse(stanza.status(), location(action.target(), request)));
            }
        }
        return Optional.empty();
    }

    private static String location(RedirectTarget target, RedirectRequestTarget request) {
        return switch (target) {
            case RedirectTarget.UrlTarget url -> url.url();
            case RedirectTarget.HostTarget host -> (host.secure() ? "https://" : "http://") + host.host()
                    + portSuffix(host) + request.pathAndQuery();
        };
    }

    private static String portSuffix(RedirectTarget.HostTarget host) {
        if (host.port().isEmpty()) {
            return "";
        }
        int port = host.port().getAsInt();
        int standard = host.secure() ? 443 : 80;
        return port == standard ? "" : ":" + port;
    }

    /**
     * The path with %XX decoded as UTF-8 (characters up to 0xFF are the raw bytes Netty read);
     * empty when it holds an invalid escape.
     */
    private static Optional<String> percentDecoded(String rawPath) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c > 0xFF) {
                return Optional.empty();
            }
            if (c != '%') {
                bytes.write(c);
                continue;
            }
            int value = i + 2 < rawPath.length() ? parseHex(rawPath.substring(i + 1, i + 3)) : -1;
            if (value < 0) {
                return Optional.empty();
            }
            bytes.write(value);
            i += 2;
        }
        return Optional.of(bytes.toString(StandardCharsets.UTF_8));
    }

    private static int parseHex(String two) {
        int high = Character.digit(two.charAt(0), 16);
        int low = Character.digit(two.charAt(1), 16);
        return high < 0 || low < 0 || two.charAt(0) > 0x7F || two.charAt(1) > 0x7F ? -1 : high * 16 + low;
    }
}
