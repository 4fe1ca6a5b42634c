package org.berth.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys and certificates in every PEM form berth reads, and a one-line message naming the file otherwise. */
class PemFilesTest {
    private static final TestCertificates CA = TestCertificates.newAuthority("pem test CA");

    @TempDir
    Path folder;

    @Test
    void readsPkcs8KeysOfEachKind() throws Exception {
        for (CertifiedKey certified : List.of(CA.issue("ec.example.com"), CA.issueRsa("rsa.example.com"))) {
            Path file = write("key.pem", PemFiles.encode(certified.key()));

            PrivateKey key = PemFiles.readPrivateKey(file);

            assertThat(key.getEncoded()).isEqualTo(certified.key().getEncoded());
        }
    }

    @Test
    void readsTraditionalRsaAndEcKeys() throws Exception {
        CertifiedKey rsa = CA.issueRsa("rsa.example.com");
        CertifiedKey ec = CA.issue("ec.example.com");
        Path pkcs1 = write("rsa.pem", TestCertificates.traditionalPem(rsa.key()));
        Path sec1 = write("ec.pem", TestCertificates.traditionalPem(ec.key()));
        assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");

        assertThat(CertifiedKey.matches(PemFiles.readPrivateKey(pkcs1), rsa.leaf().getPublicKey())).isTrue();
        assertThat(CertifiedKey.matches(PemFiles.readPrivateKey(sec1), ec.leaf().getPublicKey())).isTrue();
    }

    @Test
    void aCombinedFileGivesItsKeyAndItsCertificates() throws Exception {
        CertifiedKey certified = CA.issue("both.example.com");
        Path file = write("both.pem", PemFiles.encode(certified.chain()) + PemFiles.encode(certified.key()));

        assertThat(PemFiles.readCertificates(file)).containsExactly(certified.leaf());
        assertThat(PemFiles.readPrivateKey(file).getEncoded()).isEqualTo(certified.key().getEncoded());
    }

    @Test
    void loadsKeyCertificateAndChainInOrder() throws Exception {
        CertifiedKey certified = CA.issue("app.example.com");
        Path key = write("app.key", PemFiles.encode(certified.key()));
        Path certificate = write("app.crt", PemFiles.encode(certified.chain()));
        Path chain = write("chain.pem", PemFiles.encode(List.of(CA.root())));

        CertifiedKey loaded = CertifiedKey.load(key, certificate, List.of(chain));

        assertThat(loaded.chain()).containsExactly(certified.leaf(), CA.root());
        assertThat(loaded.dnsNames()).containsExactly("app.example.com");
        assertThat(loaded.toString()).doesNotContain("PRIVATE").contains("app.example.com");
    }

    @Test
    void aFileThatIsNoKeySaysSo() throws Exception {
        Path certificateAsKey = write("cert.pem", PemFiles.encode(CA.issue("x.example.com").chain()));
        Path text = write("notes.txt", "hello\n");

        assertThatThrownBy(() -> PemFiles.readPrivateKey(certificateAsKey)).isInstanceOf(TlsFileException.class)
                .hasMessage(certificateAsKey + ": not a PEM private key (expected -----BEGIN PRIVATE KEY-----, "
                        + "RSA PRIVATE KEY or EC PRIVATE KEY)");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(text)).hasMessageStartingWith(text + ": not a PEM private key");
    }

    @Test
    void aFileThatIsNoCertificateSaysSo() throws Exception {
        Path keyAsCertificate = write("key.pem", PemFiles.encode(CA.issue("x.example.com").key()));
        Path broken = write("broken.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> PemFiles.readCertificates(keyAsCertificate))
                .hasMessage(keyAsCertificate + ": not a PEM certificate (expected -----BEGIN CERTIFICATE-----)");
        assertThatThrownBy(() -> PemFiles.readCertificates(broken))
                .hasMessageStartingWith(broken + ": not a usable PEM certificate (");
    }

    @Test
    void missingBinaryAndEncryptedFilesAreNamed() throws Exception {
        Path missing = folder.resolve("nope.pem");
        Path binary = folder.resolve("cert.der");
        Files.write(binary, CA.root().getEncoded());
        Path encrypted = write("encrypted.pem", encrypted(CA.issue("x.example.com").key()));

        assertThatThrownBy(() -> PemFiles.readPrivateKey(missing)).hasMessage(missing + ": file not found");
        assertThatThrownBy(() -> PemFiles.readCertificates(binary)).hasMessageStartingWith(binary + ": not a PEM file");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(encrypted))
                .hasMessageStartingWith(encrypted + ": the private key is encrypted; berth needs it unencrypted");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedNamingBothFiles() throws Exception {
        Path key = write("other.key", PemFiles.encode(CA.issue("other.example.com").key()));
        Path rsaKey = write("rsa.key", PemFiles.encode(CA.issueRsa("rsa.example.com").key()));
        Path certificate = write("app.crt", PemFiles.encode(CA.issue("app.example.com").chain()));

        assertThatThrownBy(() -> CertifiedKey.load(key, certificate, List.of())).isInstanceOf(TlsFileException.class)
                .hasMessage("key " + key + " does not match certificate " + certificate);
        assertThatThrownBy(() -> CertifiedKey.load(rsaKey, certificate, List.of()))
                .hasMessage("key " + rsaKey + " does not match certificate " + certificate);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(folder.resolve(name), text);
    }

    private static String encrypted(PrivateKey key) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).setPassword("secret".toCharArray()).build()));
        }
        return text.toString();
    }
}
