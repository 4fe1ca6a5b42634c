package org.berth.bundle;

import java.util.regex.Pattern;

/**
 * A header rewrite of a reverse-proxy stanza: the first match of {@code from} in the header's value
 * is replaced by {@code to}. In {@code to}, Keter's syntax applies: {@code \1} … {@code \9} insert a
 * group and {@code \\} a backslash (not Java's {@code $1}).
 */
public record HeaderRewrite(String header, Pattern from, String to) {
}
