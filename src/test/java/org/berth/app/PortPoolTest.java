package org.berth.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortPoolTest {
    @Test
    void handsOutDistinctFreePortsAndSkipsBusyOnes() throws Exception {
        try (ServerSocket busy = busyPortFollowedByTwoFreeOnes()) {
            int port = busy.getLocalPort();
            PortPool pool = new PortPool(port, port + 2);
            int first = pool.take();
            int second = pool.take();
            assertThat(first).isNotEqualTo(port);
            assertThat(second).isNotEqualTo(port).isNotEqualTo(first);
            assertThatThrownBy(pool::take).isInstanceOf(PortPool.NoFreePortException.class)
                    .hasMessage("no free port left in " + port + "-" + (port + 2));
            pool.release(first);
            assertThat(pool.take()).isEqualTo(first);
        }
    }

    /**
     * A listening socket on an ephemeral port whose next two ports are free: other tests running
     * beside this one hold ephemeral ports too, so a neighbour may be taken and we look again.
     */
    private static ServerSocket busyPortFollowedByTwoFreeOnes() throws Exception {
        for (int attempt = 0; ; attempt++) {
            ServerSocket busy = new ServerSocket();
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = busy.getLocalPort();
            if (port + 2 <= 65535 && free(port + 1) && free(port + 2)) {
                return busy;
            }
            busy.close();
            if (attempt == 50) {
                throw new IllegalStateException("found no ephemeral port with two free neighbours");
            }
        }
    }

    private static boolean free(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (java.io.IOException taken) {
            return false;
        }
    }

    @Test
    void refusesABadRange() {
        assertThatThrownBy(() -> new PortPool(2000, 1000)).hasMessage("invalid port range 2000-1000");
    }
}
