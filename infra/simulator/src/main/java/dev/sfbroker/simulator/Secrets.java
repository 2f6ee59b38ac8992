package dev.sfbroker.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Random consumer keys, consumer secrets and tokens shaped like Salesforce's. */
final class Secrets {

    private static final String KEY_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";
    private static final String TOKEN_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** An 85-character consumer key starting {@code 3MVG9}, like real connected-app keys. */
    static String consumerKey() {
        return "3MVG9" + random(KEY_CHARS, 80);
    }

    /** A 64-character upper-case hex consumer secret. */
    static String consumerSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    /** An opaque access token: the 15-character org id, {@code !}, and a random string. */
    static String accessToken(String orgId15) {
        return orgId15 + "!AQ" + random(TOKEN_CHARS, 110);
    }

    /** An opaque refresh token starting {@code 5Aep861}, like Salesforce's. */
    static String refreshToken() {
        return "5Aep861" + random(TOKEN_CHARS, 80);
    }

    /** An {@code OauthToken.DeleteToken} value (its real shape is not documented). */
    static String deleteToken() {
        return random(TOKEN_CHARS, 64);
    }

    /** An authorization code starting {@code aPrx}, like Salesforce's; URL safe. */
    static String authorizationCode() {
        return "aPrx" + random(TOKEN_CHARS, 80);
    }

    /**
     * The first 16 hex characters (lower case) of the SHA-256 of a secret's UTF-8 bytes: names a token
     * in a view without showing it, and whoever holds the token can compute it.
     */
    static String fingerprint(String secret) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** {@code length} characters of a 64-character alphabet, 6 random bits each, from one SecureRandom draw. */
    private static String random(String alphabet, int length) {
        if (alphabet.length() != 64) {
            throw new IllegalArgumentException("the alphabet must have 64 characters");
        }
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        StringBuilder out = new StringBuilder(length);
        for (byte b : bytes) {
            out.append(alphabet.charAt(b & 63));
        }
        return out.toString();
    }
}
