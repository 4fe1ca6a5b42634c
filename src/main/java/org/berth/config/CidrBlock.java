package org.berth.config;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;

/**
 * An IP network such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a network of one.
 *
 * @param network      the network's first address
 * @param prefixLength how many leading bits are fixed (0–32 for IPv4, 0–128 for IPv6)
 */
public record CidrBlock(InetAddress network, int prefixLength) {

    /** Parses an address or CIDR block; the exception's message says what is expected. */
    public static CidrBlock parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!InetAddresses.isInetAddress(address)) {
            throw new IllegalArgumentException("expected an IP address or a CIDR block like 10.0.0.0/8 or fd00::/8; found \""
                    + text + "\"");
        }
        InetAddress network = InetAddresses.forString(address);
        int bits = network.getAddress().length * 8;
        int prefix = slash < 0 ? bits : prefixLength(text.substring(slash + 1), bits, text);
        CidrBlock block = new CidrBlock(masked(network, prefix), prefix);
        if (!block.network.equals(network)) {
            // 10.0.0.1/8 is almost always a typo for 10.0.0.1 or 10.0.0.0/8; guessing either could trust too much.
            throw new IllegalArgumentException("expected the network's first address, " + block + "; found \"" + text + "\"");
        }
        return block;
    }

    private static int prefixLength(String digits, int bits, String text) {
        if (digits.matches("\\d{1,3}") && Integer.parseInt(digits) <= bits) {
            return Integer.parseInt(digits);
        }
        throw new IllegalArgumentException("expected a prefix length from 0 to " + bits + " after the "
                + (bits == 32 ? "IPv4" : "IPv6") + " address; found \"" + text + "\"");
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        byte[] own = network.getAddress();
        if (candidate.length != own.length) {
            return false;
        }
        return network.equals(masked(address, prefixLength));
    }

    private static InetAddress masked(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public String toString() {
        return InetAddresses.toAddrString(network) + "/" + prefixLength;
    }
}
