package org.berth.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * A private key and the certificate chain that goes with it (leaf first), checked to belong together.
 * {@link #toString()} names the certificate only: the key never reaches a log line.
 *
 * @param key    the leaf's private key
 * @param chain  the leaf, then the intermediates in the order they are sent
 */
public record CertifiedKey(PrivateKey key, List<X509Certificate> chain) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public CertifiedKey {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the leaf");
        }
        chain = List.copyOf(chain);
    }

    /**
     * Loads Keter's three settings: key, certificate (its file may hold intermediates after the leaf) and
     * extra chain files, and checks that the key is the certificate's.
     */
    public static CertifiedKey load(Path keyFile, Path certificateFile, List<Path> chainFiles) throws TlsFileException {
        PrivateKey key = PemFiles.readPrivateKey(keyFile);
        List<X509Certificate> chain = new ArrayList<>(PemFiles.readCertificates(certificateFile));
        for (Path file : chainFiles) {
            chain.addAll(PemFiles.readCertificates(file));
        }
        if (!matches(key, chain.get(0).getPublicKey())) {
            throw new TlsFileException("key " + keyFile + " does not match certificate " + certificateFile);
        }
        return new CertifiedKey(key, chain);
    }

    /**
     * Whether the private key is the public key's other half: sign a random text and verify it, which
     * works for every key type without comparing their encodings.
     */
    public static boolean matches(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (key.getAlgorithm().toUpperCase(Locale.ROOT)) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "ED25519", "EDDSA" -> "Ed25519";
            case "ED448" -> "Ed448";
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equalsIgnoreCase(publicKey.getAlgorithm())) {
            return false;
        }
        try {
            byte[] text = new byte[32];
            RANDOM.nextBytes(text);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(text);
            byte[] signature = signer.sign();
            signer.initVerify(publicKey);
            signer.update(text);
            return signer.verify(signature);
        } catch (GeneralSecurityException | RuntimeException mismatch) {
            return false;
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    public Instant notBefore() {
        return leaf().getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** The DNS names the leaf is valid for (subject alternative names), lower case. */
    public List<String> dnsNames() {
        try {
            Collection<List<?>> names = leaf().getSubjectAlternativeNames();
            if (names == null) {
                return List.of();
            }
            return names.stream().filter(name -> Integer.valueOf(2).equals(name.get(0)))
                    .map(name -> ((String) name.get(1)).toLowerCase(Locale.ROOT)).toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    /** The leaf's serial number in hex, to tell two certificates apart in logs and tests. */
    public String serial() {
        return leaf().getSerialNumber().toString(16);
    }

    @Override
    public String toString() {
        return "certificate " + serial() + " for " + dnsNames() + " valid until " + notAfter();
    }
}
