package org.berth.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The TLS half of a listener: PEM files (absolute, checked readable when the config was read).
 *
 * @param certificate        the server certificate
 * @param key                its private key
 * @param chainCertificates  intermediate certificates sent after it, in order
 * @param sessionResumption  Keter's {@code session: true}: TLS session tickets/resumption on
 */
public record TlsListenerSpec(Path certificate, Path key, List<Path> chainCertificates, boolean sessionResumption) {
    public TlsListenerSpec {
        chainCertificates = List.copyOf(chainCertificates);
    }
}
