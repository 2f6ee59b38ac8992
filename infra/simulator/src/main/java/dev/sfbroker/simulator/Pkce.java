package dev.sfbroker.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Proof Key for Code Exchange (RFC 7636): checks a {@code code_verifier} against the {@code code_challenge}. */
final class Pkce {

    static final String S256 = "S256";
    static final String PLAIN = "plain";

    private Pkce() {
    }

    static boolean supportsMethod(String method) {
        return S256.equals(method) || PLAIN.equals(method);
    }

    /** {@code S256}: BASE64URL(SHA-256(verifier)) without padding equals the challenge; {@code plain}: they are equal. */
    static boolean verifies(String challenge, String method, String verifier) {
        if (verifier == null) {
            return false;
        }
        String expected = S256.equals(method) ? s256(verifier) : verifier;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII));
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
