package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import org.berth.config.BindHost;
import org.junit.jupiter.api.Test;

class TransportTest {

    private static void assumeLinuxOnX86() {
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"));
    }

    @Test
    void linuxOnX86HasBothNativeTransports() {
        assumeLinuxOnX86();
        assertThat(Transport.epoll()).map(Transport::name).contains("epoll");
        assertThat(Transport.epoll().orElseThrow().v6Only()).isPresent();
        // A kernel or container may forbid io_uring; where it is allowed, it is the one chosen.
        Optional<Transport> ioUring = Transport.ioUring();
        assertThat(Transport.best().name()).isEqualTo(ioUring.isPresent() ? "io_uring" : "epoll");
        ioUring.ifPresent(transport -> assertThat(transport.v6Only()).isPresent());
    }

    @Test
    void nioIsAlwaysThereAsTheFallback() {
        assertThat(Transport.nio().name()).isEqualTo("nio");
        Transport.Choice nio = Transport.choose(Optional.of("nio"), false);
        assertThat(nio.transport().name()).isEqualTo("nio");
        assertThat(nio.warning()).isEmpty();
    }

    @Test
    void aNamedTransportIsTakenAsItIs() {
        assumeLinuxOnX86();
        Transport.Choice epoll = Transport.choose(Optional.of(" epoll "), false);
        assertThat(epoll.transport().name()).isEqualTo("epoll");
        assertThat(epoll.warning()).isEmpty();
        assertThat(Transport.choose(Optional.of("auto"), false).transport().name()).isEqualTo(Transport.best().name());
        assertThat(Transport.choose(Optional.of(""), false).transport().name()).isEqualTo(Transport.best().name());
    }

    @Test
    void anUnknownNameFallsBackToTheBestWithAWarning() {
        Transport.Choice choice = Transport.choose(Optional.of("kqueue"), false);
        assertThat(choice.transport().name()).isEqualTo(Transport.best().name());
        assertThat(choice.warning()).contains("BERTH_PROXY_TRANSPORT=kqueue is not a transport (expected auto, io_uring, "
                + "epoll or nio); using " + Transport.best().name());
    }

    @Test
    void anIpv4WildcardListenerKeepsTheProxyOffIoUring() {
        assumeLinuxOnX86();
        Transport.Choice auto = Transport.choose(Optional.empty(), true);
        assertThat(auto.transport().name()).isEqualTo("epoll");
        assertThat(auto.warning()).as("nobody asked for io_uring").isEmpty();

        Transport.Choice asked = Transport.choose(Optional.of("io_uring"), true);
        assertThat(asked.transport().name()).isEqualTo("epoll");
        assertThat(asked.warning()).contains("BERTH_PROXY_TRANSPORT=io_uring cannot listen on IPv4's wildcard address "
                + "alone (a listener host \"!4\", \"*4\" or 0.0.0.0); using epoll");
    }

    @Test
    void theHostsThatBindIpv4sWildcardAlone() {
        for (String host : new String[] {"!4", "*4", "0.0.0.0"}) {
            assertThat(BindCandidates.ipv4WildcardAlone(BindHost.parse(host))).as(host).isTrue();
        }
        for (String host : new String[] {"*", "*6", "!6", "127.0.0.1", "::", "::1", "localhost"}) {
            assertThat(BindCandidates.ipv4WildcardAlone(BindHost.parse(host))).as(host).isFalse();
        }
    }
}
