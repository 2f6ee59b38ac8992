package dev.sfbroker.simulator;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random consumer keys, consumer secrets and access tokens shaped like Salesforce's. */
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

    /** An opaque access token: the 15-character org id, {@code !}, and a random string (reference §1.5). */
    static String accessToken(String orgId15) {
        return orgId15 + "!AQ" + random(TOKEN_CHARS, 110);
    }

    private static String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
