package org.berth.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The loopback ports berth hands to app processes, both ends included.
 *
 * @param first lowest port, 1024 or above (apps run unprivileged)
 * @param last  highest port, above {@code first}: a deploy needs two ports, old and new version
 */
public record PortRange(int first, int last) {
    /** Keter's first (and only documented) range of IANA-unassigned ports. */
    public static final PortRange KETER_DEFAULT = new PortRange(43124, 44320);

    private static final Pattern RANGE = Pattern.compile("\\s*(\\d{1,5})\\s*-\\s*(\\d{1,5})\\s*");
    private static final String EXPECTED = "expected a range of ports like 43124-44320: first-last, from 1024 to 65535, first below last";

    public PortRange {
        if (first < 1024 || last > 65535 || first >= last) {
            throw new IllegalArgumentException(EXPECTED + "; found " + first + "-" + last);
        }
    }

    /** Parses {@code first-last}; the exception's message says what is expected. */
    public static PortRange parse(String text) {
        Matcher matcher = RANGE.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(EXPECTED + "; found \"" + text + "\"");
        }
        return new PortRange(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    public int size() {
        return last - first + 1;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
