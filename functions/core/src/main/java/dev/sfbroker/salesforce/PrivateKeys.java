package dev.sfbroker.salesforce;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Reads the connected app's JWT signing key: an RSA key in PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
final class PrivateKeys {
    private static final String PKCS8_HEADER = "-----BEGIN PRIVATE KEY-----";
    private static final String PKCS8_FOOTER = "-----END PRIVATE KEY-----";

    private PrivateKeys() {
    }

    static PrivateKey fromPem(String pem) {
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw new IllegalArgumentException("the private key is PKCS#1 (BEGIN RSA PRIVATE KEY); convert it to PKCS#8 with"
                    + " 'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem'");
        }
        int start = pem.indexOf(PKCS8_HEADER);
        int end = pem.indexOf(PKCS8_FOOTER);
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("the private key is not a PKCS#8 PEM block (BEGIN PRIVATE KEY)");
        }
        String base64 = pem.substring(start + PKCS8_HEADER.length(), end).replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the private key is not a valid RSA key", e);
        }
    }
}
