package dev.sfbroker.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LocalTokenCipherTest {
    private final LocalTokenCipher cipher = new LocalTokenCipher(randomKey());
    private final byte[] plaintext = "{\"access_token\":\"00Dxx0000001gPL!secret\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void sealedTokenOpensForItsConnectionAndHidesThePlaintext() {
        byte[] sealed = cipher.seal(plaintext, "conn-1");

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("00Dxx0000001gPL!secret");
        assertThat(cipher.open(sealed, "conn-1")).isEqualTo(plaintext);
    }

    @Test
    void sealedTokenCopiedToAnotherConnectionDoesNotOpen() {
        byte[] sealed = cipher.seal(plaintext, "conn-1");

        assertThatThrownBy(() -> cipher.open(sealed, "conn-2")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sealingTwiceGivesDifferentCiphertexts() {
        assertThat(cipher.seal(plaintext, "conn-1")).isNotEqualTo(cipher.seal(plaintext, "conn-1"));
    }

    @Test
    void keyOfTheWrongLengthIsRefusedWithTheFix() {
        assertThatThrownBy(() -> new LocalTokenCipher(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("openssl rand -base64 32");
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
