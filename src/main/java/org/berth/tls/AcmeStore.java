package org.berth.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What berth keeps of its ACME work, under {@code <dataRoot>/acme/<CA>/} (one folder per CA, named after
 * its directory's host and port, so staging and production never mix):
 * <pre>
 *   account.key               the account's key pair (PEM: PKCS#8 private key, then public key), 0600
 *   account.url               the account's URL at the CA
 *   certificates/HOST.pem     the host's private key (PKCS#8), then its chain, leaf first; 0600
 * </pre>
 * Folders are 0700. A host's key and chain share one file so that one atomic rename replaces both.
 */
final class AcmeStore {
    /** A DNS name as ACME certifies it: lower-case labels, no wildcard; also safe as a file name. */
    private static final Pattern HOST = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private final Path folder;

    AcmeStore(Path dataRoot, URI directory) {
        this.folder = dataRoot.resolve("acme").resolve(caFolderName(directory));
    }

    /** {@code acme-v02.api.letsencrypt.org}, or {@code localhost_14000} when the directory names a port. */
    static String caFolderName(URI directory) {
        String host = directory.getHost() == null ? "ca" : directory.getHost().toLowerCase(Locale.ROOT);
        String name = directory.getPort() > 0 ? host + "_" + directory.getPort() : host;
        return name.replaceAll("[^a-z0-9.-]", "_");
    }

    static boolean isCertifiableHost(String host) {
        return HOST.matcher(host).matches();
    }

    Path folder() {
        return folder;
    }

    Path accountKeyFile() {
        return folder.resolve("account.key");
    }

    Path certificateFile(String host) {
        if (!isCertifiableHost(host)) {
            throw new IllegalArgumentException("not a host name ACME can certify: " + host);
        }
        return folder.resolve("certificates").resolve(host + ".pem");
    }

    Optional<KeyPair> accountKey() throws TlsFileException {
        Path file = accountKeyFile();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(PemFiles.keyPair(Files.readString(file, StandardCharsets.US_ASCII), file.toString()));
        } catch (IOException | TlsFileException e) {
            throw new TlsFileException(file + ": not a usable ACME account key (" + e.getMessage() + "); move it away "
                    + "to have berth create a new account", e);
        }
    }

    /** Written before the account is registered, so a crash in between cannot lose the key of a live account. */
    void saveAccountKey(KeyPair key) throws IOException {
        SecretFiles.write(accountKeyFile(), PemFiles.encode(key));
    }

    Optional<URL> accountUrl() {
        Path file = folder.resolve("account.url");
        try {
            return Files.exists(file) ? Optional.of(URI.create(Files.readString(file).strip()).toURL()) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // unreadable: the account is looked up again by its key
        }
    }

    void saveAccountUrl(URL url) throws IOException {
        SecretFiles.write(folder.resolve("account.url"), url + "\n");
    }

    void forgetAccountUrl() {
        try {
            Files.deleteIfExists(folder.resolve("account.url"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<CertifiedKey> certificate(String host) throws TlsFileException {
        Path file = certificateFile(host);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            CertifiedKey certified = new CertifiedKey(PemFiles.privateKey(pem, file.toString()),
                    PemFiles.certificates(pem, file.toString()));
            if (!CertifiedKey.matches(certified.key(), certified.leaf().getPublicKey())) {
                throw new TlsFileException("key in " + file + " does not match its certificate");
            }
            return Optional.of(certified);
        } catch (IOException e) {
            throw new TlsFileException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    void saveCertificate(String host, CertifiedKey certified) throws IOException {
        SecretFiles.write(certificateFile(host), PemFiles.encode(certified.key()) + PemFiles.encode(certified.chain()));
    }
}
