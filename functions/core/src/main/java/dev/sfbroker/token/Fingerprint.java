package dev.sfbroker.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A token's fingerprint: the first 16 hex digits of its SHA-256. Enough to tell tokens apart, useless for
 * recovering one.
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static String of(Secret token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.reveal().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
