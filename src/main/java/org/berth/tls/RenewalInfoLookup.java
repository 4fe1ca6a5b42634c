package org.berth.tls;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * The CA's renewal information (ARI, RFC 9773): a window in which it wants a certificate renewed, moved
 * earlier when it must revoke one. Asked only when the CA's directory offers it; remembered per run.
 */
final class RenewalInfoLookup {
    private final Duration checkInterval;
    private Boolean offered;

    RenewalInfoLookup(Duration checkInterval) {
        this.checkInterval = checkInterval;
    }

    /** Whether the CA offers renewal information; asks its directory the first time. */
    boolean offered(Login login) throws AcmeException {
        if (offered == null) {
            offered = login.getSession().resourceUrlOptional(Resource.RENEWAL_INFO).isPresent();
        }
        return offered;
    }

    /** A time in the CA's suggested window (chosen at random in it, as RFC 9773 asks), when it offers one. */
    Optional<Instant> suggestion(Login login, CertifiedKey certified) throws AcmeException {
        if (!offered(login)) {
            return Optional.empty();
        }
        RenewalInfo info = login.bindRenewalInfo(certified.leaf());
        info.fetch();
        return info.getRandomProposal(checkInterval).or(() -> Optional.of(info.getSuggestedWindowStart()));
    }
}
