package org.berth.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.berth.config.AcmeChallenge;
import org.berth.config.AcmeSettings;
import org.berth.config.HstsSettings;
import org.berth.config.TlsSettings;
import org.berth.testing.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ACME problems that need no CA to show: each gives one line naming the host, and nothing else suffers. */
class AcmeFailureTest {
    @TempDir
    Path data;

    private TlsService tls;

    @AfterEach
    void stop() {
        if (tls != null) {
            tls.close();
        }
    }

    @Test
    void anUnreachableServerIsNamedAndRetriedLater() throws Exception {
        URI directory = URI.create("https://127.0.0.1:" + FreePorts.next() + "/dir");
        tls = new TlsService(acme(directory), data, AcmeTimings.DEFAULT, Clock.systemUTC());
        tls.hostsChanged(Map.of("down.berth.test", new CertificateSource.Acme(Optional.empty()))).get(10, TimeUnit.SECONDS);
        tls.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> tls.status("down.berth.test").state() == CertificateState.FAILED);
        CertificateStatus status = tls.status("down.berth.test");

        assertThat(status.problem()).contains("cannot reach the ACME server " + directory + ": connection refused");
        assertThat(status.httpsReady()).as("plain HTTP until a certificate is issued").isFalse();
        assertThat(status.nextAttempt().orElseThrow()).isBetween(Instant.now().plusSeconds(30), Instant.now().plusSeconds(61));
    }

    @Test
    void acmeWithoutAnAcmeBlockSaysWhatIsMissing() throws Exception {
        tls = new TlsService(TlsSettings.NONE, data);
        tls.hostsChanged(Map.of("app.berth.test", new CertificateSource.Acme(Optional.empty()))).get(10, TimeUnit.SECONDS);
        tls.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> tls.status("app.berth.test").state() == CertificateState.FAILED);
        assertThat(tls.status("app.berth.test").describe()).isEqualTo(
                "failed: ssl: acme needs berth.yaml's 'acme:' block (directory, email, accept-terms: true)");
    }

    @Test
    void wildcardHostsCannotUseHttpOrAlpnChallenges() throws Exception {
        tls = new TlsService(acme(URI.create("https://127.0.0.1:1/dir")), data);
        tls.hostsChanged(Map.of("*.berth.test", new CertificateSource.Acme(Optional.empty()))).get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> tls.status("*.berth.test").state() == CertificateState.FAILED);
        assertThat(tls.status("*.berth.test").problem()).contains("*.berth.test cannot get an ACME certificate: a wildcard "
                + "needs the dns-01 challenge, which berth does not answer; give the stanza certificate files");
    }

    @Test
    void aHostLeftOutIsForgotten() throws Exception {
        tls = new TlsService(TlsSettings.NONE, data);
        tls.hostsChanged(Map.of("gone.berth.test", new CertificateSource.Acme(Optional.empty()))).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> tls.status("gone.berth.test").state() == CertificateState.FAILED);

        tls.hostsChanged(Map.of()).get(10, TimeUnit.SECONDS);

        assertThat(tls.status("gone.berth.test").state()).isEqualTo(CertificateState.NONE);
        assertThat(tls.statuses()).isEmpty();
    }

    @Test
    void retriesDoubleUpToTwelveHoursAndRenewalComesAtTwoThirds() {
        AcmeTimings timings = AcmeTimings.DEFAULT;
        assertThat(List.of(1, 2, 3, 4, 10, 11, 50).stream().map(timings::retryDelay).toList()).containsExactly(
                Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8),
                Duration.ofMinutes(512), Duration.ofHours(12), Duration.ofHours(12));
        Instant issued = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(timings.renewAt(issued, issued.plus(Duration.ofDays(90)))).isEqualTo(issued.plus(Duration.ofDays(60)));
    }

    @Test
    void onlyPlainHostNamesBecomeFileNames() {
        assertThat(AcmeStore.isCertifiableHost("shop.example.org")).isTrue();
        for (String bad : List.of("*.example.org", "../etc", "a/b", "Shop.example.org", "", "-a.example.org", "a..b")) {
            assertThat(AcmeStore.isCertifiableHost(bad)).as(bad).isFalse();
        }
        assertThat(AcmeStore.caFolderName(URI.create("https://acme-v02.api.letsencrypt.org/directory")))
                .isEqualTo("acme-v02.api.letsencrypt.org");
        assertThat(AcmeStore.caFolderName(URI.create("https://[::1]:14000/dir"))).isEqualTo("___1__14000");
    }

    @Test
    void http01AnswersOnlyPublishedWellFormedTokens() {
        Http01Challenges challenges = new Http01Challenges();
        challenges.put("abc_DEF-123", "abc_DEF-123.thumbprint");

        assertThat(challenges.answer("abc_DEF-123")).contains("abc_DEF-123.thumbprint");
        assertThat(challenges.answer("other")).isEmpty();
        assertThat(challenges.answer("../abc_DEF-123")).isEmpty();
        challenges.remove("abc_DEF-123");
        assertThat(challenges.answer("abc_DEF-123")).isEmpty();
    }

    private static TlsSettings acme(URI directory) {
        return new TlsSettings(Optional.of(new AcmeSettings(directory, Optional.empty(), true, false,
                List.of(AcmeChallenge.HTTP_01), List.of())), HstsSettings.OFF);
    }
}
