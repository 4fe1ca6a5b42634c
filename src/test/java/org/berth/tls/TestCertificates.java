package org.berth.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private CA for tests: it signs leaf certificates for any names (DNS names, and IP addresses written as
 * such), with EC or RSA keys, and writes them as PEM in each form berth reads.
 */
public final class TestCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair caKey;
    private final X509Certificate caCertificate;

    private TestCertificates(KeyPair caKey, X509Certificate caCertificate) {
        this.caKey = caKey;
        this.caCertificate = caCertificate;
    }

    public static TestCertificates newAuthority(String name) {
        KeyPair key = ecKey();
        X500Name subject = new X500Name("CN=" + name);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(Instant.now().minus(Duration.ofHours(1))), Date.from(Instant.now().plus(Duration.ofDays(30))),
                subject, key.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            return new TestCertificates(key, sign(builder, key.getPrivate()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate root() {
        return caCertificate;
    }

    /** A leaf for these names (the first is the subject), with a P-256 key. */
    public CertifiedKey issue(String... names) {
        return issue(ecKey(), names);
    }

    public CertifiedKey issueRsa(String... names) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return issue(generator.generateKeyPair(), names);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private CertifiedKey issue(KeyPair key, String... names) {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial(),
                Date.from(Instant.now().minus(Duration.ofHours(1))), Date.from(Instant.now().plus(Duration.ofDays(10))),
                new X500Name("CN=" + names[0].replace("*", "wildcard")), key.getPublic());
        List<GeneralName> alternatives = new ArrayList<>();
        for (String name : names) {
            boolean ip = name.matches("[0-9.]+") || name.contains(":");
            alternatives.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        try {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(alternatives.toArray(GeneralName[]::new)));
            return new CertifiedKey(key.getPrivate(), List.of(sign(builder, caKey.getPrivate())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the key as PKCS#8 and the chain as PEM: {@code NAME.key} and {@code NAME.crt} in {@code folder}. */
    public static PemPair write(Path folder, String name, CertifiedKey certified) throws IOException {
        Path key = folder.resolve(name + ".key");
        Path certificate = folder.resolve(name + ".crt");
        Files.writeString(key, PemFiles.encode(certified.key()));
        Files.writeString(certificate, PemFiles.encode(certified.chain()));
        return new PemPair(key, certificate);
    }

    /** The key in OpenSSL's traditional form: PKCS#1 {@code RSA PRIVATE KEY} or SEC1 {@code EC PRIVATE KEY}. */
    public static String traditionalPem(PrivateKey key) throws IOException {
        if (key instanceof ECPrivateKey ec) {
            // As openssl writes it, with the curve inside: the JDK's encoding leaves it to the PKCS#8 wrapper.
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ec.getS(),
                    info.getPrivateKeyAlgorithm().getParameters()).getEncoded();
            return "-----BEGIN EC PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(sec1)
                    + "\n-----END EC PRIVATE KEY-----\n";
        }
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(key);
        }
        return text.toString();
    }

    /** A client SSLContext trusting only these roots. */
    public static SSLContext trusting(X509Certificate... roots) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < roots.length; i++) {
                store.setCertificateEntry("root-" + i, roots[i]);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key file and its certificate file. */
    public record PemPair(Path key, Path certificate) {
        public CertificateSource.Files source() {
            return new CertificateSource.Files(key, certificate, List.of());
        }
    }

    private static KeyPair ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(63, RANDOM);
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey signer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
