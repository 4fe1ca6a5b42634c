package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class TransportTest {

    @Test
    void linuxOnX86RunsOnTheNativeEpollTransport() {
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"));
        Transport transport = Transport.best();
        assertThat(transport.name()).isEqualTo("epoll");
        assertThat(transport.v6Only()).isPresent();
    }

    @Test
    void nioIsAlwaysThereAsTheFallback() {
        assertThat(Transport.nio().name()).isEqualTo("nio");
    }
}
