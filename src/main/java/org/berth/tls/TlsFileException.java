package org.berth.tls;

/**
 * A certificate or key file that cannot be used, with one line that names the file and says why,
 * e.g. {@code /etc/berth/key.pem: not a PEM private key}. The message is meant for the log and for
 * {@code berth app status} as it is: it never contains key material.
 */
public final class TlsFileException extends Exception {
    public TlsFileException(String message) {
        super(message);
    }

    public TlsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
