package org.berth.tls;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.security.KeyPair;
import java.util.Optional;
import org.berth.config.AcmeSettings;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.exception.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * berth's account at the CA: its key is created once and kept ({@link AcmeStore}), the account is
 * registered on first use, and only when {@code acme.accept-terms} is true. Used from the ACME worker
 * thread only.
 */
final class AcmeAccount {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeAccount.class);

    private final AcmeSettings settings;
    private final AcmeStore store;
    private final AcmeSessions sessions;
    private Login login;

    AcmeAccount(AcmeSettings settings, AcmeStore store, AcmeSessions sessions) {
        this.settings = settings;
        this.store = store;
        this.sessions = sessions;
    }

    /** A login for the account, registering it first when needed. */
    Login login() throws AcmeException, AcmeRefusal, TlsFileException, IOException {
        if (login != null) {
            return login;
        }
        Session session = sessions.open();
        KeyPair key = accountKey();
        Optional<URL> known = store.accountUrl();
        login = known.isPresent() ? session.login(known.get(), key) : register(session, key);
        return login;
    }

    /** The CA no longer knows the stored account (a test CA restarted, an account deactivated): register again. */
    void forget() {
        login = null;
        store.forgetAccountUrl();
    }

    URI directory() {
        return sessions.directory();
    }

    private KeyPair accountKey() throws TlsFileException, IOException {
        Optional<KeyPair> stored = store.accountKey();
        if (stored.isPresent()) {
            return stored.get();
        }
        KeyPair created = Keys.newKeyPair();
        store.saveAccountKey(created);
        return created;
    }

    private Login register(Session session, KeyPair key) throws AcmeException, AcmeRefusal, IOException {
        if (!settings.acceptTerms()) {
            String terms = session.getMetadata().getTermsOfService().map(URI::toString).orElse("on its website");
            throw new AcmeRefusal("no ACME account yet at " + directory() + ", and berth creates one only after you "
                    + "accept the CA's terms of service (" + terms + "): read them, then set 'acme.accept-terms: true'");
        }
        AccountBuilder builder = new AccountBuilder().useKeyPair(key).agreeToTermsOfService();
        settings.email().ifPresent(builder::addEmail);
        Login created = builder.createLogin(session);
        store.saveAccountUrl(created.getAccountLocation());
        LOG.info("ACME account created at {}{}", directory(), settings.email().map(email -> " for " + email).orElse(""));
        return created;
    }
}
