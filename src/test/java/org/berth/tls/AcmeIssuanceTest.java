package org.berth.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.berth.config.AcmeChallenge;
import org.berth.config.AcmeSettings;
import org.berth.config.HstsSettings;
import org.berth.config.TlsSettings;
import org.berth.testing.Pebble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates from a real ACME CA (pebble): issued by http-01 and by tls-alpn-01, stored privately, reused
 * after a restart, renewed when due or on demand without disturbing open connections, and failures that
 * say what went wrong and when berth tries again. The responders stand in for the proxy's listeners and
 * answer through the same {@link TlsService} calls the proxy will make.
 */
class AcmeIssuanceTest {
    private static final AcmeTimings TIMINGS = new AcmeTimings(2.0 / 3, Duration.ofMinutes(1), Duration.ofHours(12),
            Duration.ofSeconds(30), Duration.ofHours(12), Duration.ofSeconds(10));

    @RegisterExtension
    static final PebbleWithResponders responders = new PebbleWithResponders();

    private final List<TlsService> services = new ArrayList<>();

    @TempDir
    Path data;

    @AfterEach
    void stopServices() {
        services.forEach(TlsService::close);
    }

    @Test
    void http01GetsACertificateThatBrowsersTrustOverHttp2() throws Exception {
        TlsService tls = service(settings(false, AcmeChallenge.HTTP_01), Clock.systemUTC());
        tls.hostsChanged(Map.of("web.berth.test", new CertificateSource.Acme(Optional.empty())));
        tls.start();

        CertificateStatus status = awaitSettled(tls, "web.berth.test");

        assertThat(status.state()).as(status.describe()).isEqualTo(CertificateState.VALID);
        assertThat(status.origin()).contains("ACME 127.0.0.1");
        assertThat(responders.http().requestedHosts()).contains("web.berth.test");
        try (TlsTestClient browser = TlsTestClient.verifying(pebbleTrust(), responders.tlsResponder().port(), "web.berth.test",
                "h2", "http/1.1")) {
            assertThat(browser.protocol()).isEqualTo("h2");
            assertThat(browser.echo("over TLS")).isEqualTo("over TLS");
        }
        Instant notBefore = status.notAfter().orElseThrow().minus(Pebble.VALIDITY);
        assertThat(status.renewAt().orElseThrow()).isBetween(notBefore.plus(Duration.ofDays(59)),
                notBefore.plus(Duration.ofDays(61)));
    }

    @Test
    void tlsAlpn01GetsACertificateThroughTheTlsListener() throws Exception {
        TlsService tls = service(settings(false, AcmeChallenge.HTTP_01, AcmeChallenge.TLS_ALPN_01), Clock.systemUTC());
        tls.hostsChanged(Map.of("alpn.berth.test", new CertificateSource.Acme(Optional.of(AcmeChallenge.TLS_ALPN_01))));
        tls.start();

        CertificateStatus status = awaitSettled(tls, "alpn.berth.test");

        assertThat(status.state()).as(status.describe()).isEqualTo(CertificateState.VALID);
        assertThat(responders.tlsResponder().negotiated()).contains("acme-tls/1");
        assertThat(responders.http().requestedHosts()).doesNotContain("alpn.berth.test");
        try (TlsTestClient browser = TlsTestClient.verifying(pebbleTrust(), responders.tlsResponder().port(), "alpn.berth.test",
                "h2", "http/1.1")) {
            assertThat(browser.protocol()).isEqualTo("h2");
        }
    }

    @Test
    void allHostsGivesEveryHostWithoutFilesACertificateButNotWildcards() throws Exception {
        TlsService tls = service(settings(true, AcmeChallenge.HTTP_01), Clock.systemUTC());
        tls.hostsChanged(Map.of("auto.berth.test", CertificateSource.LISTENER, "*.wild.berth.test", CertificateSource.LISTENER));
        tls.start();

        assertThat(awaitSettled(tls, "auto.berth.test").state()).isEqualTo(CertificateState.VALID);
        assertThat(tls.status("*.wild.berth.test").state()).isEqualTo(CertificateState.NONE);
    }

    @Test
    void keysAreStoredPrivatelyAndReusedAfterARestartThenRenewedWhenDue() throws Exception {
        AcmeSettings settings = settings(false, AcmeChallenge.HTTP_01);
        Map<String, CertificateSource> hosts = Map.of("keep.berth.test", new CertificateSource.Acme(Optional.empty()));
        TlsService first = service(settings, Clock.systemUTC());
        first.hostsChanged(hosts);
        first.start();
        assertThat(awaitSettled(first, "keep.berth.test").state()).isEqualTo(CertificateState.VALID);
        String issued = servedSerial("keep.berth.test");
        first.close();

        Path ca = data.resolve("acme").resolve(AcmeStore.caFolderName(responders.pebble().directory()));
        for (Path folder : List.of(data.resolve("acme"), ca, ca.resolve("certificates"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).as(folder.toString())
                    .isEqualTo("rwx------");
        }
        for (Path file : List.of(ca.resolve("account.key"), ca.resolve("certificates/keep.berth.test.pem"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                    .isEqualTo("rw-------");
        }

        TlsService restarted = service(settings, Clock.systemUTC());
        restarted.hostsChanged(hosts).get(10, TimeUnit.SECONDS);
        // Not started: nothing may reach the CA, so a valid status can only come from the stored files.
        await().atMost(Duration.ofSeconds(10)).until(() -> restarted.status("keep.berth.test").state() == CertificateState.VALID);
        assertThat(servedSerial("keep.berth.test")).isEqualTo(issued);
        restarted.close();

        Clock seventyDaysLater = Clock.offset(Clock.systemUTC(), Duration.ofDays(70));
        TlsService later = service(settings, seventyDaysLater);
        later.hostsChanged(hosts).get(10, TimeUnit.SECONDS);
        later.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> !servedSerial("keep.berth.test").equals(issued));
        assertThat(new AcmeStore(data, responders.pebble().directory()).certificate("keep.berth.test").orElseThrow().serial())
                .isEqualTo(servedSerial("keep.berth.test"));
    }

    @Test
    void aForcedRenewalReplacesTheCertificateWhileAnOpenConnectionGoesOn() throws Exception {
        TlsService tls = service(settings(false, AcmeChallenge.TLS_ALPN_01), Clock.systemUTC());
        tls.hostsChanged(Map.of("long.berth.test", new CertificateSource.Acme(Optional.empty())));
        tls.start();
        assertThat(awaitSettled(tls, "long.berth.test").state()).isEqualTo(CertificateState.VALID);

        try (TlsTestClient open = TlsTestClient.verifying(pebbleTrust(), responders.tlsResponder().port(), "long.berth.test")) {
            String before = open.serial();
            assertThat(open.echo("part 1")).isEqualTo("part 1");

            CertificateStatus renewed = tls.renewNow("long.berth.test").get(60, TimeUnit.SECONDS);

            assertThat(renewed.state()).as(renewed.describe()).isEqualTo(CertificateState.VALID);
            assertThat(servedSerial("long.berth.test")).isNotEqualTo(before);
            assertThat(open.echo("part 2")).isEqualTo("part 2");
            assertThat(open.serial()).isEqualTo(before);
        }
    }

    @Test
    void aFailingChallengeGivesOneClearMessageAndABackoffWhileOtherHostsServe() throws Exception {
        responders.http().refuse("refused.berth.test");
        TlsService tls = service(settings(false, AcmeChallenge.HTTP_01), Clock.systemUTC());
        tls.hostsChanged(Map.of("refused.berth.test", new CertificateSource.Acme(Optional.empty()),
                "fine.berth.test", new CertificateSource.Acme(Optional.empty())));
        tls.start();

        CertificateStatus refused = awaitSettled(tls, "refused.berth.test");
        Instant failedAt = Instant.now();

        assertThat(refused.state()).isEqualTo(CertificateState.FAILED);
        assertThat(refused.problem().orElseThrow()).startsWith("the CA could not validate http-01 for refused.berth.test: ")
                .contains("404").doesNotContain("\n");
        assertThat(refused.nextAttempt().orElseThrow()).isBetween(failedAt.plusSeconds(40), failedAt.plusSeconds(61));
        assertThat(refused.describe()).startsWith("failed: the CA could not validate").contains("; next attempt at ");
        assertThat(awaitSettled(tls, "fine.berth.test").state()).isEqualTo(CertificateState.VALID);
    }

    @Test
    void withoutAcceptedTermsNoAccountIsCreated() throws Exception {
        AcmeSettings unaccepted = new AcmeSettings(responders.pebble().directory(), Optional.empty(), false, false,
                List.of(AcmeChallenge.HTTP_01), List.of(responders.pebble().trustFile()));
        TlsService tls = service(unaccepted, Clock.systemUTC());
        tls.hostsChanged(Map.of("terms.berth.test", new CertificateSource.Acme(Optional.empty())));
        tls.start();

        CertificateStatus status = awaitSettled(tls, "terms.berth.test");

        assertThat(status.problem()).contains("no ACME account yet at " + responders.pebble().directory() + ", and berth creates one"
                + " only after you accept the CA's terms of service (data:text/plain,Do%20what%20thou%20wilt): read them,"
                + " then set 'acme.accept-terms: true'");
        assertThat(data.resolve("acme").resolve(AcmeStore.caFolderName(responders.pebble().directory())).resolve("account.url"))
                .doesNotExist();
    }

    @Test
    void aCaWhoseHttpsIsNotTrustedIsNamedAsSuch() throws Exception {
        AcmeSettings untrusted = new AcmeSettings(responders.pebble().directory(), Optional.empty(), true, false,
                List.of(AcmeChallenge.HTTP_01), List.of());
        TlsService tls = service(untrusted, Clock.systemUTC());
        tls.hostsChanged(Map.of("trust.berth.test", new CertificateSource.Acme(Optional.empty())));
        tls.start();

        assertThat(awaitSettled(tls, "trust.berth.test").problem().orElseThrow())
                .startsWith("cannot reach the ACME server " + responders.pebble().directory() + ": ")
                .endsWith("(its HTTPS certificate is not trusted; a private CA needs acme.ca-certificates)");
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static AcmeSettings settings(boolean allHosts, AcmeChallenge... challenges) {
        return new AcmeSettings(responders.pebble().directory(), Optional.of("admin@berth.test"), true, allHosts, List.of(challenges),
                List.of(responders.pebble().trustFile()));
    }

    /** A service that the responders answer for, as a restarted berth's proxy would. */
    private TlsService service(AcmeSettings acme, Clock clock) {
        TlsService tls = new TlsService(new TlsSettings(Optional.of(acme), HstsSettings.OFF), data, TIMINGS, clock);
        services.add(tls);
        responders.answerWith(tls);
        return tls;
    }

    private static CertificateStatus awaitSettled(TlsService tls, String host) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> tls.status(host).state() != CertificateState.PENDING);
        return tls.status(host);
    }

    private static String servedSerial(String host) throws Exception {
        try (TlsTestClient client = TlsTestClient.connect(responders.tlsResponder().port(), host, "http/1.1")) {
            return client.serial();
        }
    }

    private static SSLContext pebbleTrust() {
        return TestCertificates.trusting(responders.pebble().issuingRoot());
    }
}
