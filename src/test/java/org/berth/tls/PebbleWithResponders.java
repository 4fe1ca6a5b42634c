package org.berth.tls;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.berth.testing.Pebble;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's pebble with the two places its validations reach: an http-01 responder and a TLS
 * responder (tls-alpn-01). Both answer for whichever {@link TlsService} a test made current with
 * {@link #answerWith}, as a running berth's proxy answers for its own service. A test class registers
 * one as a static {@code @RegisterExtension} field: started before its tests (skipped when pebble is
 * not installed), stopped after them.
 */
final class PebbleWithResponders implements BeforeAllCallback, AfterAllCallback {
    private final AtomicReference<TlsService> current = new AtomicReference<>();
    private final AtomicReference<TlsListener> currentListener = new AtomicReference<>();
    private Http01TestResponder http;
    private TlsTestServer tlsResponder;
    private Pebble pebble;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        assumeTrue(Pebble.installed(), Pebble.NOT_INSTALLED);
        http = Http01TestResponder.start(token -> current.get().http01Answer(token));
        tlsResponder = TlsTestServer.start(() -> currentListener.get().newHandler());
        pebble = Pebble.start(http.port(), tlsResponder.port());
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
    public void afterAll(ExtensionContext context) {
        if (pebble != null) {
            pebble.close();
            tlsResponder.close();
            http.close();
        }
    }
}
