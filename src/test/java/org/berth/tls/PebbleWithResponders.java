package org.berth.tls;

import java.util.concurrent.atomic.AtomicReference;
import org.berth.testing.Pebble;

/**
 * Debian's pebble with the two places its validations reach: an http-01 responder and a TLS
 * responder (tls-alpn-01). Both answer for whichever {@link TlsService} a test made current with
 * {@link #answerWith}, as a running berth's proxy answers for its own service. One per test class.
 */
final class PebbleWithResponders implements AutoCloseable {
    private final AtomicReference<TlsService> current = new AtomicReference<>();
    private final AtomicReference<TlsListener> currentListener = new AtomicReference<>();
    private final Http01TestResponder http;
    private final TlsTestServer tlsResponder;
    private final Pebble pebble;

    private PebbleWithResponders() throws Exception {
        http = Http01TestResponder.start(token -> current.get().http01Answer(token));
        tlsResponder = TlsTestServer.start(() -> currentListener.get().newHandler());
        pebble = Pebble.start(http.port(), tlsResponder.port());
    }

    /** Starts all three; the caller has checked {@link Pebble#installed()}. */
    static PebbleWithResponders start() throws Exception {
        return new PebbleWithResponders();
    }

    /** From now on the responders answer the CA's validations with {@code tls}'s challenges. */
    void answerWith(TlsService tls) {
        currentListener.set(tls.listenerWithoutCertificate());
        current.set(tls);
    }

    /** The http-01 responder: tests read which hosts the CA asked for, or make it refuse one. */
    Http01TestResponder http() {
        return http;
    }

    Pebble pebble() {
        return pebble;
    }

    /** The TLS responder: where a test's client reaches the current service's certificates too. */
    TlsTestServer tlsResponder() {
        return tlsResponder;
    }

    @Override
    public void close() {
        pebble.close();
        tlsResponder.close();
        http.close();
    }
}
