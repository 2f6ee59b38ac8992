package dev.sfbroker.encryption;

/**
 * Encrypts token material before it reaches the connections table. The connection id is bound to the
 * ciphertext (KMS encryption context, AES-GCM associated data), so a sealed token copied onto another
 * connection's item does not decrypt.
 */
public interface TokenCipher {

    byte[] seal(byte[] plaintext, String connectionId);

    byte[] open(byte[] sealed, String connectionId);
}
