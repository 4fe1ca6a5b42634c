package org.berth.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for tests that must name a port before something listens on it (a proxy's listeners, nginx,
 * pebble, PostgreSQL) or that need one nothing listens on.
 *
 * <p>Why not {@code new ServerSocket(0)}: that hands out a port of the kernel's ephemeral range
 * (32768–60999), which stays free only until the next outgoing connection takes it as its local port, and
 * two calls in a row may even return the same port. CI once failed on exactly that ("cannot listen on
 * 127.0.0.1:33937: Address already in use"). These ports come from below the ephemeral range, where
 * outgoing connections never land, and no port is handed out twice in one test run.
 *
 * <p>The range leaves out the 25000s, which tests give berth as its apps' port range.
 */
public final class FreePorts {
    private static final int FIRST = 27000;
    private static final int LAST = 32767;
    private static final int SIZE = LAST - FIRST + 1;
    /** Starts at an offset from the process id, so that two test runs at once rarely walk the same ports. */
    private static final AtomicInteger NEXT = new AtomicInteger((int) (ProcessHandle.current().pid() % SIZE));

    private FreePorts() {}

    /** A port nothing listens on now, on any address, and that this run has not handed out before. */
    public static int next() {
        for (int tried = 0; tried < SIZE; tried++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), SIZE);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port left in " + FIRST + "-" + LAST);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }
}
