package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.berth.bundle.Ssl;
import org.berth.config.HstsSettings;
import org.berth.config.TlsListenerSpec;
import org.berth.config.TlsSettings;
import org.berth.testing.FreePorts;
import org.berth.tls.AcmeTimings;
import org.berth.tls.CertificateState;
import org.berth.tls.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Strict-Transport-Security} per stanza through the real proxy over HTTPS, with the global
 * {@code hsts: true}: a stanza's own setting wins, a stanza without one gets the global header, {@code hsts:
 * false} switches it off for that stanza alone; never over plain HTTP, never while a host's own certificate
 * is not ready.
 */
class ProxyHstsTest {
    private static final TestCertificates CA = TestCertificates.newAuthority("berth hsts test CA");
    private static final HstsSettings TWO_YEARS = new HstsSettings(true, Duration.ofDays(730), true, false);

    @TempDir
    Path dir;
    HttpsProxyFixture proxy;
    HttpBackend backend;
    HttpClient browser;

    @BeforeEach
    void start() throws Exception {
        TestCertificates.PemPair listener = TestCertificates.write(dir, "listener",
                CA.issue("default.berth.test", "waiting.berth.test"));
        proxy = new HttpsProxyFixture(FreePorts.next(), FreePorts.next(),
                new TlsListenerSpec(listener.certificate(), listener.key(), List.of(), false),
                new TlsSettings(Optional.empty(), HstsSettings.ON), dir.resolve("data"), AcmeTimings.DEFAULT);
        backend = new HttpBackend("web");
        browser = HttpsProxyFixture.client(TestCertificates.trusting(CA.root()), HttpClient.Version.HTTP_2);
    }

    @AfterEach
    void stop() {
        proxy.close();
        backend.close();
    }

    @Test
    void aStanzasOwnSettingWinsOverTheGlobalOneAndFalseSwitchesItOff() throws Exception {
        proxy.webapp("own.berth.test", backend.target(), files("own"), false, Optional.of(TWO_YEARS));
        proxy.webapp("global.berth.test", backend.target(), files("global"), false, Optional.empty());
        proxy.webapp("off.berth.test", backend.target(), files("off"), false, Optional.of(HstsSettings.OFF));
        for (String host : List.of("own.berth.test", "global.berth.test", "off.berth.test")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> proxy.tls.status(host).state() == CertificateState.VALID);
        }

        assertThat(hstsOver(browser, proxy.https("own.berth.test", "/"))).contains("max-age=63072000; includeSubDomains");
        assertThat(hstsOver(browser, proxy.https("global.berth.test", "/"))).contains("max-age=31536000");
        assertThat(hstsOver(browser, proxy.https("off.berth.test", "/"))).isEmpty();
        assertThat(hstsOver(HttpClient.newHttpClient(), proxy.http("own.berth.test", "/")))
                .as("never over plain HTTP").isEmpty();
    }

    @Test
    void noHeaderWhileTheHostsOwnCertificateIsNotReady() throws Exception {
        // ssl: acme without an acme: block fails at once: handshakes get the listener's certificate (which
        // names this host too, so that the client accepts it and the answer's headers can be seen).
        proxy.webapp("waiting.berth.test", backend.target(), new Ssl.Acme(Optional.empty()), false, Optional.of(TWO_YEARS));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> proxy.tls.status("waiting.berth.test").state() == CertificateState.FAILED);

        HttpResponse<String> answer = proxy.get(browser, proxy.https("waiting.berth.test", "/"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("strict-transport-security")).isEmpty();
    }

    private Optional<String> hstsOver(HttpClient client, String url) throws Exception {
        HttpResponse<String> answer = proxy.get(client, url);
        assertThat(answer.statusCode()).as(url).isEqualTo(200);
        return answer.headers().firstValue("strict-transport-security");
    }

    private Ssl files(String name) throws Exception {
        TestCertificates.PemPair pair = TestCertificates.write(dir, name, CA.issue(name + ".berth.test"));
        return new Ssl.Certificate(pair.key(), pair.certificate(), List.of());
    }
}
