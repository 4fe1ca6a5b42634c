package org.berth.tls;

/**
 * An ACME attempt that cannot succeed as things are, for a reason berth states itself (terms not accepted,
 * a challenge the CA could not validate, a wildcard host); the message is one line for log and status.
 */
final class AcmeRefusal extends Exception {
    AcmeRefusal(String message) {
        super(message);
    }
}
