package org.berth.tls;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.berth.config.AcmeChallenge;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Gets one certificate for one host (RFC 8555 §7.4): an order, each pending authorization proven by the
 * chosen challenge (answered by the proxy through {@link Http01Challenges} or {@link TlsAlpnChallenges}
 * only while the CA validates), a fresh P-256 key, finalization, the chain.
 */
final class AcmeIssuer {
    private final Http01Challenges http01;
    private final TlsAlpnChallenges tlsAlpn01;
    private final Duration timeout;

    AcmeIssuer(Http01Challenges http01, TlsAlpnChallenges tlsAlpn01, Duration timeout) {
        this.http01 = http01;
        this.tlsAlpn01 = tlsAlpn01;
        this.timeout = timeout;
    }

    /**
     * @param challenges the challenge types to use, most preferred first
     * @param replacing  the certificate this one renews, named to a CA that supports renewal information
     */
    CertifiedKey issue(Login login, String host, List<AcmeChallenge> challenges, Optional<X509Certificate> replacing)
            throws AcmeException, AcmeRefusal, InterruptedException, IOException {
        OrderBuilder builder = login.newOrder().domain(host);
        if (replacing.isPresent()) {
            builder.replaces(replacing.get());
        }
        Order order = builder.create();
        for (Authorization authorization : order.getAuthorizations()) {
            authorize(authorization, host, challenges);
        }
        expect(order, AcmePolling.await(order, EnumSet.of(Status.READY, Status.VALID, Status.INVALID), timeout,
                "the order for " + host), Status.READY, Status.VALID);
        KeyPair key = Keys.newKeyPair();
        order.execute(key);
        expect(order, AcmePolling.await(order, EnumSet.of(Status.VALID, Status.INVALID), timeout,
                "issuing the certificate for " + host), Status.VALID);
        List<X509Certificate> chain = order.getCertificate().getCertificateChain();
        return new CertifiedKey(key.getPrivate(), chain);
    }

    private void authorize(Authorization authorization, String host, List<AcmeChallenge> preference)
            throws AcmeException, AcmeRefusal, InterruptedException, IOException {
        if (authorization.getStatus() == Status.VALID) {
            return; // proven recently for this account: the CA reuses it
        }
        Challenge challenge = choose(authorization, host, preference);
        Runnable withdraw = answer(challenge, host);
        try {
            challenge.trigger();
            Status status = AcmePolling.await(challenge, EnumSet.of(Status.VALID, Status.INVALID), timeout,
                    "validating " + challenge.getType() + " for " + host);
            if (status != Status.VALID) {
                String reason = challenge.getError().map(AcmeFailure::describe).orElse("no reason given");
                throw new AcmeRefusal("the CA could not validate " + challenge.getType() + " for " + host + ": " + reason);
            }
        } finally {
            withdraw.run();
        }
    }

    private static Challenge choose(Authorization authorization, String host, List<AcmeChallenge> preference)
            throws AcmeRefusal {
        for (AcmeChallenge type : preference) {
            Optional<Challenge> offered = authorization.findChallenge(type.keyword());
            if (offered.isPresent()) {
                return offered.get();
            }
        }
        String offers = authorization.getChallenges().stream().map(Challenge::getType).collect(Collectors.joining(", "));
        throw new AcmeRefusal("the CA offers no challenge berth answers for " + host + " (wanted "
                + preference.stream().map(AcmeChallenge::keyword).collect(Collectors.joining(" or ")) + "; it offers "
                + offers + ")");
    }

    /** Publishes the challenge's answer; the returned action withdraws it. */
    private Runnable answer(Challenge challenge, String host) throws AcmeException, IOException {
        if (challenge instanceof Http01Challenge http) {
            http01.put(http.getToken(), http.getAuthorization());
            return () -> http01.remove(http.getToken());
        }
        TlsAlpn01Challenge alpn = (TlsAlpn01Challenge) challenge;
        KeyPair key = Keys.newRsaKeyPair();
        X509Certificate certificate = alpn.createCertificate(key, Identifier.dns(host));
        SslContext context = ServerTlsContexts.acmeChallenge(key.getPrivate(), certificate);
        tlsAlpn01.put(host, context);
        return () -> tlsAlpn01.remove(host);
    }

    private static void expect(Order order, Status status, Status... wanted) throws AcmeRefusal {
        if (!EnumSet.of(wanted[0], wanted).contains(status)) {
            String reason = order.getError().map(AcmeFailure::describe).orElse("status " + status);
            throw new AcmeRefusal("the CA did not issue: " + reason);
        }
    }
}
