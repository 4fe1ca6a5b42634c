package org.berth.tls;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Waits for an order, authorization or challenge to reach a status. Polls soon at first (a validation
 * often takes well under a second) and then less often, up to every 3 seconds; when the CA answers
 * with {@code Retry-After}, never sooner than that.
 */
final class AcmePolling {
    private static final Duration FIRST_DELAY = Duration.ofMillis(100);
    private static final Duration LONGEST_DELAY = Duration.ofSeconds(3);

    private AcmePolling() {
    }

    /** The status reached, or an {@link AcmeRefusal} naming {@code what} when {@code timeout} passes first. */
    static Status await(PollableResource resource, Set<Status> wanted, Duration timeout, String what)
            throws AcmeException, AcmeRefusal, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Duration delay = FIRST_DELAY;
        while (true) {
            Optional<Instant> retryAfter = resource.fetch();
            if (wanted.contains(resource.getStatus())) {
                return resource.getStatus();
            }
            Instant next = Instant.now().plus(delay);
            if (retryAfter.isPresent() && retryAfter.get().isAfter(next)) {
                next = retryAfter.get();
            }
            if (next.isAfter(deadline)) {
                throw new AcmeRefusal("the CA did not finish " + what + " within " + timeout.toSeconds() + "s (status "
                        + resource.getStatus().name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), next).toMillis()));
            delay = delay.multipliedBy(2).compareTo(LONGEST_DELAY) > 0 ? LONGEST_DELAY : delay.multipliedBy(2);
        }
    }
}
