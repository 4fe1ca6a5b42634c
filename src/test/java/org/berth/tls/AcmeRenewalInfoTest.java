package org.berth.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.berth.config.AcmeChallenge;
import org.berth.config.AcmeSettings;
import org.berth.config.HstsSettings;
import org.berth.config.TlsSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renewal information (ARI, RFC 9773) bringing a renewal forward. Debian's pebble (2.4) publishes none, so
 * {@link AcmeCaFront} adds it in front of pebble; orders, validations and certificates stay pebble's, and
 * berth talks to both through acme4j as it would to Let's Encrypt.
 */
class AcmeRenewalInfoTest {
    private static final String HOST = "ari.berth.test";

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
    void aWindowBeforeTwoThirdsOfTheLifetimeMovesTheRenewalThere() throws Exception {
        try (AcmeCaFront ca = AcmeCaFront.withRenewalInfo(responders.pebble(), data)) {
            TlsService first = started(ca, timings(Duration.ofHours(12)), Clock.systemUTC());
            assertThat(awaitSettled(first, HOST).state()).isEqualTo(CertificateState.VALID);
            String issued = servedSerial();
            first.close();
            Instant day10 = Instant.now().plus(Duration.ofDays(10));
            AcmeCaFront.Window window = new AcmeCaFront.Window(day10, day10.plus(Duration.ofDays(1)));
            ca.suggest(issued, window);

            // Restarted on day 0: it asks the CA at once, and plans the renewal inside the window, not on day 60.
            TlsService restarted = started(ca, timings(Duration.ofHours(12)), Clock.systemUTC());
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> restarted.status(HOST).renewAt().orElseThrow().isBefore(window.end()));
            assertThat(restarted.status(HOST).renewAt().orElseThrow()).isBetween(window.start(), window.end());
            assertThat(servedSerial()).as("not renewed before the window").isEqualTo(issued);
            restarted.close();

            // On day 12, well before day 60: the window has opened, so it renews.
            started(ca, timings(Duration.ofHours(12)), Clock.offset(Clock.systemUTC(), Duration.ofDays(12)));
            await().atMost(Duration.ofSeconds(60)).until(() -> !servedSerial().equals(issued));
            assertThat(storedSerial(ca)).isEqualTo(servedSerial());
        }
    }

    @Test
    void aRunningServerAsksAgainEachIntervalAndRenewsAsSoonAsTheCaAsks() throws Exception {
        Duration interval = Duration.ofSeconds(1);
        try (AcmeCaFront ca = AcmeCaFront.withRenewalInfo(responders.pebble(), data)) {
            TlsService tls = started(ca, timings(interval), Clock.systemUTC());
            assertThat(awaitSettled(tls, HOST).state()).isEqualTo(CertificateState.VALID);
            String issued = servedSerial();

            // Asked again while running, not only at start: a CA that must revoke says so in its window.
            await().atMost(Duration.ofSeconds(15)).until(() -> ca.renewalInfoAsked(issued).size() >= 2);
            // The CA's usual window comes after day 60: it does not postpone the renewal by age.
            assertThat(tls.status(HOST).renewAt().orElseThrow()).isBefore(Instant.now().plus(Duration.ofDays(61)));
            assertThat(servedSerial()).isEqualTo(issued);
            Instant now = Instant.now();
            ca.suggest(issued, new AcmeCaFront.Window(now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1))));

            await().atMost(Duration.ofSeconds(60)).until(() -> !servedSerial().equals(issued));
            String renewed = servedSerial();
            await().atMost(Duration.ofSeconds(15)).until(() -> ca.renewalInfoAsked(renewed).size() >= 2);
            assertThat(servedSerial()).as("the new one has the usual window: no renewal loop").isEqualTo(renewed);
            assertThat(tls.status(HOST).state()).isEqualTo(CertificateState.VALID);
        }
    }

    @Test
    void aTimeChosenInTheWindowIsKeptWhenItComesNotDrawnAgain() throws Exception {
        Duration interval = Duration.ofSeconds(1);
        try (AcmeCaFront ca = AcmeCaFront.withRenewalInfo(responders.pebble(), data)) {
            TlsService tls = started(ca, timings(interval), Clock.systemUTC());
            assertThat(awaitSettled(tls, HOST).state()).isEqualTo(CertificateState.VALID);
            String issued = servedSerial();
            Instant now = Instant.now();
            ca.suggest(issued, new AcmeCaFront.Window(now.plusSeconds(1), now.plusSeconds(6)));

            await().atMost(Duration.ofSeconds(30)).until(() -> !servedSerial().equals(issued));

            // Once a time in the window is chosen, berth renews then. Drawing again when it comes would find a later
            // one, and again, ever closer to the window's end: a burst of requests to the CA, and no spread.
            List<Instant> asked = ca.renewalInfoAsked(issued);
            for (int i = 1; i < asked.size(); i++) {
                assertThat(Duration.between(asked.get(i - 1), asked.get(i))).as("lookups at %s", asked)
                        .isGreaterThan(interval.dividedBy(2));
            }
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static AcmeTimings timings(Duration renewalInfoInterval) {
        return new AcmeTimings(2.0 / 3, Duration.ofMinutes(1), Duration.ofHours(12), Duration.ofSeconds(30),
                renewalInfoInterval, Duration.ofSeconds(10));
    }

    /** A started service for the host, as a (re)started berth would be, with the front as its CA. */
    private TlsService started(AcmeCaFront ca, AcmeTimings timings, Clock clock) throws Exception {
        AcmeSettings acme = new AcmeSettings(ca.directory(), Optional.empty(), true, false,
                List.of(AcmeChallenge.HTTP_01), List.of(responders.pebble().trustFile(), ca.trustFile()));
        TlsService tls = new TlsService(new TlsSettings(Optional.of(acme), HstsSettings.OFF), data, timings, clock);
        services.add(tls);
        responders.answerWith(tls);
        tls.hostsChanged(Map.of(HOST, new CertificateSource.Acme(Optional.empty()))).get(10, TimeUnit.SECONDS);
        tls.start();
        return tls;
    }

    private static CertificateStatus awaitSettled(TlsService tls, String host) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> tls.status(host).state() != CertificateState.PENDING);
        return tls.status(host);
    }

    /** The serial of the certificate a handshake gets now. */
    private static String servedSerial() throws Exception {
        try (TlsTestClient client = TlsTestClient.connect(responders.tlsResponder().port(), HOST, "http/1.1")) {
            return client.serial();
        }
    }

    private String storedSerial(AcmeCaFront ca) throws Exception {
        return new AcmeStore(data, ca.directory()).certificate(HOST).orElseThrow().serial();
    }
}
