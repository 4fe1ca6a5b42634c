package org.berth.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.berth.testing.FreePorts;
import org.junit.jupiter.api.Test;

class ReadinessProbeTest {
    static ReadinessProbe.Check tcp(Duration start) {
        return new ReadinessProbe.Check(Optional.empty(), 200, Optional.empty(), Duration.ofMillis(20),
                Duration.ofMillis(200), start);
    }

    @Test
    void httpCheckWaitsForTheExpectedStatusAndSendsTheHost() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String[] host = new String[1];
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            host[0] = exchange.getRequestHeaders().getFirst("Host");
            int status = calls.incrementAndGet() < 3 ? 503 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        try {
            var check = new ReadinessProbe.Check(Optional.of("/health"), 204, Optional.of("app.example.com"),
                    Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(5));
            assertThat(new ReadinessProbe().await(server.getAddress().getPort(), check, () -> true)).isEmpty();
            assertThat(calls.get()).isEqualTo(3);
            assertThat(host[0]).isEqualTo("app.example.com");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void givesUpAtTheStartTimeoutSayingWhy() throws Exception {
        int port = FreePorts.next();
        var failure = new ReadinessProbe().await(port, tcp(Duration.ofMillis(300)), () -> true);
        assertThat(failure).hasValueSatisfying(f -> assertThat(f.reason())
                .isEqualTo("not ready within 300 ms: nothing listens on port " + port));
    }

    @Test
    void stopsAtOnceWhenTheProcessIsGone() {
        long start = System.nanoTime();
        var failure = new ReadinessProbe().await(1, tcp(Duration.ofSeconds(30)), () -> false);
        assertThat(failure).hasValueSatisfying(f -> assertThat(f.reason()).startsWith("the process exited before it was ready"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aSocketThatConnectedToItselfIsNotAnApp() throws Exception {
        // A socket bound to the port it connects to, with nobody listening, is a TCP self-connect:
        // what a probe of an unused port in the ephemeral range can get by chance.
        int port = FreePorts.next();
        java.net.Socket socket = new java.net.Socket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReadinessProbe.connect(socket, port, Duration.ofSeconds(2)))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("connected to itself");
        assertThat(socket.isClosed()).isTrue();
    }
}
