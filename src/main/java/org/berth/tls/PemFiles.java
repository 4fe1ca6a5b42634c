package org.berth.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads and writes the PEM files certificates live in. Keys may be PKCS#8 ({@code PRIVATE KEY}),
 * PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}), the three forms openssl, certbot
 * and CAs' tools write; a file may hold a key and certificates together. BouncyCastle's parser reads
 * them because the JDK reads only PKCS#8 (it arrives with acme4j anyway).
 *
 * <p>Every failure is a {@link TlsFileException} whose message names the file.
 */
public final class PemFiles {
    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private PemFiles() {
    }

    /** The first private key in the file. */
    public static PrivateKey readPrivateKey(Path file) throws TlsFileException {
        return privateKey(read(file), file.toString());
    }

    /** Every certificate in the file, in file order; at least one. */
    public static List<X509Certificate> readCertificates(Path file) throws TlsFileException {
        return certificates(read(file), file.toString());
    }

    /** The first private key in PEM text; {@code origin} names where the text came from, for the message. */
    public static PrivateKey privateKey(String pem, String origin) throws TlsFileException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                PrivateKeyInfo info = switch (item) {
                    case PrivateKeyInfo pkcs8 -> pkcs8;
                    case PEMKeyPair pair -> pair.getPrivateKeyInfo();
                    case PEMEncryptedKeyPair encrypted -> throw encrypted(origin);
                    case PKCS8EncryptedPrivateKeyInfo encrypted -> throw encrypted(origin);
                    default -> null;
                };
                if (info != null) {
                    return new JcaPEMKeyConverter().getPrivateKey(info);
                }
            }
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            // BouncyCastle reports broken base64 inside a PEM block as an unchecked DecoderException.
            throw new TlsFileException(origin + ": not a usable PEM private key (" + e.getMessage() + ")", e);
        }
        throw new TlsFileException(origin + ": not a PEM private key (expected -----BEGIN PRIVATE KEY-----, "
                + "RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    /** Every certificate in PEM text, in order; at least one. */
    public static List<X509Certificate> certificates(String pem, String origin) throws TlsFileException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException | IllegalStateException | IllegalArgumentException e) {
            throw new TlsFileException(origin + ": not a usable PEM certificate (" + e.getMessage() + ")", e);
        }
        if (certificates.isEmpty()) {
            throw new TlsFileException(origin + ": not a PEM certificate (expected -----BEGIN CERTIFICATE-----)");
        }
        return List.copyOf(certificates);
    }

    /**
     * A key pair from PEM text holding the private key and its {@code PUBLIC KEY}, as {@link #encode(KeyPair)}
     * writes it (the JDK cannot derive an EC public key from the private one).
     */
    public static KeyPair keyPair(String pem, String origin) throws TlsFileException {
        PrivateKey key = privateKey(pem, origin);
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof SubjectPublicKeyInfo info) {
                    return new KeyPair(new JcaPEMKeyConverter().getPublicKey(info), key);
                }
                if (item instanceof PEMKeyPair pair && pair.getPublicKeyInfo() != null) {
                    return new JcaPEMKeyConverter().getKeyPair(pair);
                }
            }
        } catch (IOException e) {
            throw new TlsFileException(origin + ": not a usable PEM public key (" + e.getMessage() + ")", e);
        }
        throw new TlsFileException(origin + ": no public key beside the private key (expected -----BEGIN PUBLIC KEY-----)");
    }

    /** The private key (PKCS#8), then the public key. */
    public static String encode(KeyPair pair) {
        return encode(pair.getPrivate()) + block("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    /** PKCS#8, the form every TLS stack reads. */
    public static String encode(PrivateKey key) {
        return block("PRIVATE KEY", key.getEncoded());
    }

    public static String encode(List<X509Certificate> certificates) {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                text.append(block("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
            }
        }
        return text.toString();
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static String read(Path file) throws TlsFileException {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new TlsFileException(file + ": file not found");
        } catch (AccessDeniedException e) {
            throw new TlsFileException(file + ": not readable by berth (check its owner and mode)");
        } catch (MalformedInputException e) {
            throw new TlsFileException(file + ": not a PEM file (it holds binary data; a DER file converts with "
                    + "openssl x509 -inform der or openssl pkey -inform der)");
        } catch (IOException e) {
            throw new TlsFileException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static TlsFileException encrypted(String origin) {
        return new TlsFileException(origin + ": the private key is encrypted; berth needs it unencrypted "
                + "(openssl pkey -in KEY -out PLAIN, then chmod 600 PLAIN)");
    }
}
