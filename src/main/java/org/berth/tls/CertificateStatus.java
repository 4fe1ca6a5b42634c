package org.berth.tls;

import java.time.Instant;
import java.util.Optional;

/**
 * One host's certificate as {@code berth app status} and the API show it.
 *
 * @param host        the host name as the stanza gives it
 * @param state       see {@link CertificateState}
 * @param origin      where the served certificate came from (a file, "ACME"); empty when none is served
 * @param notAfter    when the served certificate expires
 * @param renewAt     when berth will renew it (ACME only)
 * @param problem     the last failure, one line; it may coexist with VALID when a renewal failed while the old
 *                    certificate still serves
 * @param nextAttempt when berth tries again after that failure
 */
public record CertificateStatus(String host, CertificateState state, Optional<String> origin, Optional<Instant> notAfter,
                                Optional<Instant> renewAt, Optional<String> problem, Optional<Instant> nextAttempt) {

    public static CertificateStatus none(String host) {
        return new CertificateStatus(host, CertificateState.NONE, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    public static CertificateStatus pending(String host) {
        return new CertificateStatus(host, CertificateState.PENDING, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    public static CertificateStatus failed(String host, String problem, Optional<Instant> nextAttempt) {
        return new CertificateStatus(host, CertificateState.FAILED, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(problem), nextAttempt);
    }

    /** Its own certificate, valid or expired at {@code now}. */
    public static CertificateStatus serving(String host, ServedCertificate served, Optional<Instant> renewAt, Instant now) {
        CertificateState state = served.certified().notAfter().isAfter(now) ? CertificateState.VALID : CertificateState.EXPIRED;
        return new CertificateStatus(host, state, Optional.of(served.origin()), Optional.of(served.certified().notAfter()),
                renewAt, Optional.empty(), Optional.empty());
    }

    /** The same, with a failure to report beside it (a renewal that failed while this certificate still serves). */
    public CertificateStatus withProblem(String newProblem, Optional<Instant> retry) {
        return new CertificateStatus(host, state, origin, notAfter, renewAt, Optional.of(newProblem), retry);
    }

    /** Whether the host's own certificate is served, so an https redirect or HSTS will not meet the default one. */
    public boolean serving() {
        return state == CertificateState.VALID || state == CertificateState.EXPIRED;
    }

    /**
     * Whether HTTPS works for the host as it should: false while its own certificate is being requested or
     * could not be had, when handshakes would get the listener's certificate instead; a host that never had
     * one of its own ({@link CertificateState#NONE}) relies on the listener's and counts as ready.
     */
    public boolean httpsReady() {
        return state != CertificateState.PENDING && state != CertificateState.FAILED;
    }

    /** One line: {@code valid until 2026-02-01T00:00:00Z (ACME), renewal at …}. */
    public String describe() {
        StringBuilder text = new StringBuilder(switch (state) {
            case NONE -> "none of its own (the listener's certificate)";
            case PENDING -> "pending: being requested";
            case VALID -> "valid until " + notAfter.orElseThrow();
            case EXPIRED -> "expired at " + notAfter.orElseThrow();
            case FAILED -> "failed";
        });
        origin.ifPresent(source -> text.append(" (").append(source).append(')'));
        renewAt.ifPresent(at -> text.append(", renewal at ").append(at));
        problem.ifPresent(reason -> text.append(state == CertificateState.FAILED ? ": " : "; last problem: ").append(reason));
        nextAttempt.ifPresent(at -> text.append("; next attempt at ").append(at));
        return text.toString();
    }
}
