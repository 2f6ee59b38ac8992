package dev.sfbroker.encryption;

import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Token encryption under a KMS key. Token sets are a few hundred bytes, well under KMS's 4 KB plaintext
 * limit, so each is encrypted directly; the encryption context names the connection, which lets the key
 * policy and CloudTrail tie every use of the key to a connection.
 */
public final class KmsTokenCipher implements TokenCipher {
    static final String CONTEXT_KEY = "connection";

    private final KmsClient kms;
    private final String keyId;

    public KmsTokenCipher(KmsClient kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    @Override
    public byte[] seal(byte[] plaintext, String connectionId) {
        return kms.encrypt(request -> request.keyId(keyId)
                        .plaintext(SdkBytes.fromByteArray(plaintext))
                        .encryptionContext(Map.of(CONTEXT_KEY, connectionId)))
                .ciphertextBlob().asByteArray();
    }

    @Override
    public byte[] open(byte[] sealed, String connectionId) {
        return kms.decrypt(request -> request.keyId(keyId)
                        .ciphertextBlob(SdkBytes.fromByteArray(sealed))
                        .encryptionContext(Map.of(CONTEXT_KEY, connectionId)))
                .plaintext().asByteArray();
    }
}
