package dev.sfbroker.simulator;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * A JWT signing key pair for a connected app: RSA 2048 and a self-signed X.509 certificate
 * (SHA256withRSA) to upload as the app's "Use digital signatures" certificate.
 * Generated in memory, for tests; never written anywhere by this class. {@link #toString()}
 * does not show the private key.
 */
public final class ConnectedAppKeys {

    /** The validity {@link #generate()} gives. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);
    private static final String DEFAULT_SUBJECT = "CN=sf-token-broker-test";

    private final KeyPair keyPair;
    private final X509Certificate certificate;

    private ConnectedAppKeys(KeyPair keyPair, X509Certificate certificate) {
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    /** A new key pair with a certificate valid from one minute ago for {@link #DEFAULT_VALIDITY}. */
    public static ConnectedAppKeys generate() {
        return generate(DEFAULT_VALIDITY);
    }

    /** A new key pair with a certificate valid from one minute ago for {@code validity}. */
    public static ConnectedAppKeys generate(Duration validity) {
        Instant notBefore = Instant.now().minus(Duration.ofMinutes(1));
        return generate(notBefore, notBefore.plus(Duration.ofMinutes(1)).plus(validity));
    }

    /** A new key pair with a certificate valid in [notBefore, notAfter], e.g. an already expired one. */
    public static ConnectedAppKeys generate(Instant notBefore, Instant notAfter) {
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter must be after notBefore");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keyPair = generator.generateKeyPair();
            X500Name subject = new X500Name(DEFAULT_SUBJECT);
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
                    Date.from(notBefore), Date.from(notAfter), subject, keyPair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate()));
            return new ConnectedAppKeys(keyPair, new JcaX509CertificateConverter().getCertificate(holder));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate RSA keys and certificate", e);
        }
    }

    public RSAPrivateKey privateKey() {
        return (RSAPrivateKey) keyPair.getPrivate();
    }

    public RSAPublicKey publicKey() {
        return (RSAPublicKey) keyPair.getPublic();
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The private key as PKCS#8 PEM (label {@code PRIVATE KEY}). A secret. */
    public String privateKeyPem() {
        return pem("PRIVATE KEY", keyPair.getPrivate().getEncoded());
    }

    /** The certificate as PEM (label {@code CERTIFICATE}), what an admin uploads. */
    public String certificatePem() {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Instant notBefore() {
        return certificate.getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Override
    public String toString() {
        return "ConnectedAppKeys[RSA 2048, certificate " + certificate.getSubjectX500Principal().getName()
                + ", notAfter=" + notAfter() + "]";
    }
}
