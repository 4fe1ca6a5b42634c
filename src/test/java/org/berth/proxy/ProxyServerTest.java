package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.berth.config.BindHost;
import org.berth.config.ListenerSpec;
import org.berth.config.TlsListenerSpec;
import org.berth.route.InFlightRequests;
import org.berth.route.Router;
import org.junit.jupiter.api.Test;

class ProxyServerTest {

    private static ProxyServer server(List<ListenerSpec> listeners) {
        return new ProxyServer(ProxyFixture.defaults().withListeners(listeners), new Router(), new InFlightRequests(),
                new Tunnels(), LocalTargets.standard());
    }

    private static ListenerSpec plain(String host) {
        return new ListenerSpec(BindHost.parse(host), 0, Optional.empty());
    }

    @Test
    void theAnyListenerTakesIpv4AndIpv6Clients() throws IOException {
        try (ProxyServer server = server(List.of(plain("*")))) {
            InetSocketAddress bound = server.start().get(0);
            assertThat(bound.getAddress().isAnyLocalAddress()).isTrue();
            try (RawHttpClient client = new RawHttpClient(bound.getPort())) {
                assertThat(client.exchange(RawHttpClient.get("nobody.test", "/")).status()).isEqualTo(404);
            }
            new java.net.Socket("::1", bound.getPort()).close();
        }
    }

    @Test
    void anIpv4OnlyListenerRefusesIpv6Clients() throws IOException {
        try (ProxyServer server = server(List.of(plain("!4")))) {
            InetSocketAddress bound = server.start().get(0);
            assertThat(bound.getAddress().getHostAddress()).isEqualTo("0.0.0.0");
            try (RawHttpClient client = new RawHttpClient(bound.getPort())) {
                assertThat(client.exchange(RawHttpClient.get("nobody.test", "/")).status()).isEqualTo(404);
            }
            assertThatThrownBy(() -> new java.net.Socket("::1", bound.getPort()).close()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void theOtherIpv4ListenersRefuseIpv6ClientsToo() throws IOException {
        // io_uring's listening sockets are IPv6: each of these must still stay off IPv6 (see Transport).
        for (String host : List.of("*4", "0.0.0.0", "127.0.0.1")) {
            try (ProxyServer server = server(List.of(plain(host)))) {
                InetSocketAddress bound = server.start().get(0);
                try (RawHttpClient client = new RawHttpClient(bound.getPort())) {
                    assertThat(client.exchange(RawHttpClient.get("nobody.test", "/")).status()).as(host).isEqualTo(404);
                }
                assertThatThrownBy(() -> new java.net.Socket("::1", bound.getPort()).close()).as(host)
                        .isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void anIpv6OnlyListenerRefusesIpv4Clients() throws IOException {
        try (ProxyServer server = server(List.of(plain("!6")))) {
            InetSocketAddress bound = server.start().get(0);
            assertThat(bound.getAddress()).isInstanceOf(Inet6Address.class);
            new java.net.Socket("::1", bound.getPort()).close();
            assertThatThrownBy(() -> new RawHttpClient(bound.getPort())).isInstanceOf(IOException.class);
        }
    }

    @Test
    void tlsListenersAreSkippedUntilTheHttpsWork() throws IOException {
        ListenerSpec tls = new ListenerSpec(BindHost.parse("127.0.0.1"), 0,
                Optional.of(new TlsListenerSpec(Path.of("cert.pem"), Path.of("key.pem"), List.of(), false)));
        try (ProxyServer server = server(List.of(tls, plain("127.0.0.1")))) {
            assertThat(server.start()).hasSize(1);
        }
    }

    @Test
    void aPortInUseIsAnErrorNamingTheListener() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
             ProxyServer server = server(List.of(new ListenerSpec(BindHost.parse("127.0.0.1"), taken.getLocalPort(),
                     Optional.empty())))) {
            assertThatThrownBy(server::start).isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void closeLetsARequestInFlightFinish() throws Exception {
        try (HttpBackend backend = new HttpBackend("slow")) {
            ProxyFixture proxy = ProxyFixture.start();
            proxy.route("app.test", backend.target());
            try (RawHttpClient client = proxy.client()) {
                client.send(RawHttpClient.get("app.test", "/slow?ms=500"));
                org.awaitility.Awaitility.await().until(() -> proxy.inFlight.count(backend.target()) == 1);
                Thread closer = Thread.ofVirtual().start(proxy::close);
                RawHttpClient.Response response = client.read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("connection")).isEqualTo("close");
                closer.join();
            }
        }
    }
}
