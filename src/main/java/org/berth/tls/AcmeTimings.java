package org.berth.tls;

import java.time.Duration;
import java.time.Instant;

/**
 * When berth renews and retries. Renewal starts at two thirds of a certificate's lifetime (day 60 of 90
 * at Let's Encrypt, as it recommends), earlier when the CA's renewal information (ARI) says so. A failed
 * attempt is retried after 1 minute, then 2, 4, … up to 12 hours, never sooner than a rate-limit answer's
 * {@code Retry-After}: Let's Encrypt allows 5 failed validations per host and hour.
 *
 * @param renewalFraction    share of the lifetime after which a certificate is renewed
 * @param firstRetry         delay after the first failure; doubled after each further one
 * @param maxRetry           the longest delay between attempts
 * @param validationTimeout  how long to wait for the CA to validate a challenge, or to issue
 * @param renewalInfoInterval how often a valid certificate's renewal information is asked for
 * @param networkTimeout     connect and read timeout towards the CA
 */
public record AcmeTimings(double renewalFraction, Duration firstRetry, Duration maxRetry, Duration validationTimeout,
                          Duration renewalInfoInterval, Duration networkTimeout) {
    public static final AcmeTimings DEFAULT = new AcmeTimings(2.0 / 3, Duration.ofMinutes(1), Duration.ofHours(12),
            Duration.ofMinutes(2), Duration.ofHours(12), Duration.ofSeconds(30));

    public AcmeTimings {
        if (renewalFraction <= 0 || renewalFraction >= 1) {
            throw new IllegalArgumentException("renewal fraction must be between 0 and 1, got " + renewalFraction);
        }
    }

    /** When a certificate valid from {@code notBefore} to {@code notAfter} is due for renewal by age. */
    public Instant renewAt(Instant notBefore, Instant notAfter) {
        long lifetime = Duration.between(notBefore, notAfter).toSeconds();
        return notBefore.plusSeconds((long) (lifetime * renewalFraction));
    }

    /** The delay before attempt number {@code failures + 1}, after {@code failures} failures in a row (1 or more). */
    public Duration retryDelay(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 30);
        Duration delay = firstRetry.multipliedBy(1L << doublings);
        return delay.compareTo(maxRetry) > 0 ? maxRetry : delay;
    }
}
