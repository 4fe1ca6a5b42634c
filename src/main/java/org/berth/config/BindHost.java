package org.berth.config;

import com.google.common.net.InetAddresses;
import java.util.regex.Pattern;

/**
 * Where a listener binds, in Keter's (Warp's) host-preference syntax: {@code *} any address,
 * {@code *4}/{@code *6} any address preferring IPv4/IPv6, {@code !4}/{@code !6} only IPv4/IPv6,
 * or one IP address or host name.
 *
 * @param kind which of those forms
 * @param text the value as written: the symbol, or the address or name
 */
public record BindHost(Kind kind, String text) {
    public static final BindHost ANY = new BindHost(Kind.ANY, "*");

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");

    public enum Kind {
        ANY, ANY_PREFER_IPV4, ANY_PREFER_IPV6, IPV4_ONLY, IPV6_ONLY, ADDRESS_OR_NAME
    }

    /** Parses the config syntax; the exception's message says what is expected. */
    public static BindHost parse(String text) {
        Kind kind = switch (text) {
            case "*" -> Kind.ANY;
            case "*4" -> Kind.ANY_PREFER_IPV4;
            case "*6" -> Kind.ANY_PREFER_IPV6;
            case "!4" -> Kind.IPV4_ONLY;
            case "!6" -> Kind.IPV6_ONLY;
            default -> isAddressOrName(text) ? Kind.ADDRESS_OR_NAME : null;
        };
        if (kind == null) {
            throw new IllegalArgumentException("expected \"*\", \"*4\", \"*6\", \"!4\", \"!6\", an IP address or a host name; found \""
                    + text + "\"");
        }
        return new BindHost(kind, text);
    }

    private static boolean isAddressOrName(String text) {
        if (InetAddresses.isInetAddress(text)) {
            return true;
        }
        // "1.2.3.999" fits the name pattern but is a mistyped address, not a name to resolve.
        return HOST_NAME.matcher(text).matches() && !DIGITS_AND_DOTS.matcher(text).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
