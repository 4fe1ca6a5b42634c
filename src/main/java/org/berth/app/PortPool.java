package org.berth.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.BitSet;

/**
 * Hands out loopback ports for webapp processes from a range (Keter's 43124–44320 by default).
 * A port is handed out only if nothing listens on it now, and not again until released, so a
 * new release never collides with the one it replaces.
 */
public final class PortPool {
    private final int first;
    private final int last;
    private final BitSet taken;
    private int next;

    public PortPool(int first, int last) {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("invalid port range " + first + "-" + last);
        }
        this.first = first;
        this.last = last;
        this.taken = new BitSet(last - first + 1);
        this.next = first;
    }

    /** A free port; round-robin through the range so a just-released port is not reused at once. */
    public synchronized int take() throws NoFreePortException {
        int size = last - first + 1;
        for (int tried = 0; tried < size; tried++) {
            int port = next;
            next = next == last ? first : next + 1;
            if (!taken.get(port - first) && bindable(port)) {
                taken.set(port - first);
                return port;
            }
        }
        throw new NoFreePortException("no free port left in " + first + "-" + last);
    }

    public synchronized void release(int port) {
        if (port >= first && port <= last) {
            taken.clear(port - first);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    /** Every port of the range is in use. */
    public static final class NoFreePortException extends Exception {
        public NoFreePortException(String message) {
            super(message);
        }
    }
}
