package org.berth.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * When the CA refuses, berth tries again no sooner than it allows ({@code Retry-After} on a rate limit) and
 * no later than the longest backoff. Pebble neither rate-limits nor fails on demand, so {@link AcmeCaFront}
 * answers new orders for it; the account is pebble's, and acme4j reads the answers as from any CA.
 * Backoff here is 200 ms doubling up to 800 ms, so a run takes seconds, not hours.
 */
class AcmeRateLimitTest {
    private static final AcmeTimings TIMINGS = new AcmeTimings(2.0 / 3, Duration.ofMillis(200), Duration.ofMillis(800),
            Duration.ofSeconds(30), Duration.ofHours(12), Duration.ofSeconds(10));
    private static final String HOST = "limited.berth.test";

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
    void aRetryAfterLongerThanBackoffAndCapIsWaitedFor() throws Exception {
        // Seconds away, far beyond the first backoff (200 ms) and the longest (800 ms); a whole second, as an
        // HTTP-date names it.
        Instant allowed = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
        try (AcmeCaFront ca = AcmeCaFront.refusingOrders(responders.pebble(), data,
                AcmeCaFront.Refusal.rateLimited("too many new orders recently", allowed),
                AcmeCaFront.Refusal.serverError("try again"))) {
            TlsService tls = started(ca);

            await().atMost(Duration.ofSeconds(20)).until(() -> tls.status(HOST).state() == CertificateState.FAILED);
            CertificateStatus limited = tls.status(HOST);
            assertThat(limited.problem()).hasValue("rate limited by the CA: too many new orders recently");
            assertThat(limited.nextAttempt()).hasValue(allowed);
            assertThat(limited.describe()).contains("next attempt at " + allowed);

            await().atMost(Duration.ofSeconds(20)).until(() -> tls.status(HOST).problem()
                    .equals(Optional.of("the CA refused: try again")));
            assertThat(ca.orderAttempts().get(1)).as("the second order").isAfterOrEqualTo(allowed);
        }
    }

    @Test
    void failuresAreRetriedAfterDoublingDelaysUpToTheLongest() throws Exception {
        try (AcmeCaFront ca = AcmeCaFront.refusingOrders(responders.pebble(), data, AcmeCaFront.Refusal.serverError("down"))) {
            started(ca);

            await().atMost(Duration.ofSeconds(30)).until(() -> ca.orderAttempts().size() >= 7);
            List<Duration> gaps = gaps(ca.orderAttempts().subList(0, 7));
            List<Duration> backoff = List.of(200, 400, 800, 800, 800, 800).stream().map(Duration::ofMillis).toList();
            for (int i = 0; i < gaps.size(); i++) {
                assertThat(gaps.get(i)).as("gap %d of %s", i + 1, gaps).isGreaterThanOrEqualTo(backoff.get(i));
            }
            // Uncapped, these would be 1.6 s, 3.2 s and 6.4 s: well above the bound, whatever the machine's load.
            for (int i = 3; i < gaps.size(); i++) {
                assertThat(gaps.get(i)).as("gap %d of %s", i + 1, gaps).isLessThan(Duration.ofMillis(1500));
            }
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    private TlsService started(AcmeCaFront ca) throws Exception {
        AcmeSettings acme = new AcmeSettings(ca.directory(), Optional.empty(), true, false,
                List.of(AcmeChallenge.HTTP_01), List.of(responders.pebble().trustFile(), ca.trustFile()));
        TlsService tls = new TlsService(new TlsSettings(Optional.of(acme), HstsSettings.OFF), data, TIMINGS,
                Clock.systemUTC());
        services.add(tls);
        responders.answerWith(tls);
        tls.hostsChanged(Map.of(HOST, new CertificateSource.Acme(Optional.empty()))).get(10, TimeUnit.SECONDS);
        tls.start();
        return tls;
    }

    private static List<Duration> gaps(List<Instant> times) {
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(Duration.between(times.get(i - 1), times.get(i)));
        }
        return gaps;
    }
}
