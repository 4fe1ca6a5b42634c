package org.berth.tls;

/** Where a host stands with its own certificate. */
public enum CertificateState {
    /** None of its own: handshakes get the listener's default certificate. */
    NONE,
    /** Being requested from the ACME CA for the first time; the host serves plain HTTP meanwhile. */
    PENDING,
    /** Its own certificate is served. */
    VALID,
    /** Its own certificate is served but has expired (a file nobody replaced). */
    EXPIRED,
    /** It has no usable certificate: a bad file, or ACME failed (see the problem and the next attempt). */
    FAILED
}
