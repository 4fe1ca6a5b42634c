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
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
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

    @Test
    void refusesABadRange() {
        assertThatThrownBy(() -> new PortPool(2000, 1000)).hasMessage("invalid port range 2000-1000");
    }
}
