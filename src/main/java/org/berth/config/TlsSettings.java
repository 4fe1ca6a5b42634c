package org.berth.config;

import java.util.Optional;

/**
 * berth's HTTPS keys beside Keter's listeners: the ACME account ({@code acme:}) and the global
 * {@code Strict-Transport-Security} header ({@code hsts:}).
 *
 * @param acme  the ACME account; empty when the file has no {@code acme:} block (then no certificate is
 *              requested automatically, and a stanza with {@code ssl: acme} shows why)
 * @param hsts  the header for HTTPS answers
 */
public record TlsSettings(Optional<AcmeSettings> acme, HstsSettings hsts) {
    public static final TlsSettings NONE = new TlsSettings(Optional.empty(), HstsSettings.OFF);
}
