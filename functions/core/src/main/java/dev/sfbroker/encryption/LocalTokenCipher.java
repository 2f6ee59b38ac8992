package dev.sfbroker.encryption;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Token encryption with a local AES-256 key (AES-GCM, random 96-bit nonce, connection id as associated
 * data), for local runs and tests where there is no KMS. Sealed form: nonce followed by ciphertext and tag.
 */
public final class LocalTokenCipher implements TokenCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** @param base64Key a 256-bit key, base64-encoded ({@code openssl rand -base64 32}) */
    public LocalTokenCipher(String base64Key) {
        byte[] raw = Base64.getDecoder().decode(base64Key);
        if (raw.length != 32) {
            throw new IllegalArgumentException("broker.encryption.local-key must be 32 bytes, base64-encoded (openssl rand -base64 32)");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    @Override
    public byte[] seal(byte[] plaintext, String connectionId) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] ciphertext = run(Cipher.ENCRYPT_MODE, nonce, plaintext, connectionId);
        return ByteBuffer.allocate(nonce.length + ciphertext.length).put(nonce).put(ciphertext).array();
    }

    @Override
    public byte[] open(byte[] sealed, String connectionId) {
        ByteBuffer buffer = ByteBuffer.wrap(sealed);
        byte[] nonce = new byte[NONCE_BYTES];
        buffer.get(nonce);
        byte[] ciphertext = new byte[buffer.remaining()];
        buffer.get(ciphertext);
        return run(Cipher.DECRYPT_MODE, nonce, ciphertext, connectionId);
    }

    private byte[] run(int mode, byte[] nonce, byte[] input, String connectionId) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(connectionId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("token " + (mode == Cipher.ENCRYPT_MODE ? "encryption" : "decryption")
                    + " failed for connection " + connectionId, e);
        }
    }
}
