package dev.sfbroker.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.access.Caller;
import dev.sfbroker.encryption.TokenCipher;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.DynamoDbLocal;
import dev.sfbroker.testing.LogCapture;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.Secret;
import dev.sfbroker.token.TokenService;
import dev.sfbroker.token.TokenSet;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbConnectionStoreTest {
    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("development");

    @Test
    void rawItemHoldsNoTokenInClearText() {
        env.register("sealed");
        TokenSet served = env.context().getBean(TokenService.class).tokenFor("sealed", new Caller(BrokerEnvironment.INTEGRATION_ROLE));

        Map<String, AttributeValue> item = rawItem("sealed");

        assertNoClearToken(item, served.accessToken().reveal());
        assertThat(item.get("token").b()).isNotNull();
    }

    @Test
    void aTokenWriteBasedOnAStaleVersionIsRefused() {
        ConnectionStore store = env.context().getBean(ConnectionStore.class);
        Connection registered = env.register("fenced");
        TokenSet first = token("first");
        TokenSet second = token("second");

        boolean firstWrite = store.replaceToken(registered, first);
        boolean staleWrite = store.replaceToken(registered, second);

        assertThat(firstWrite).isTrue();
        assertThat(staleWrite).isFalse();
        Connection stored = store.find("fenced").orElseThrow();
        assertThat(stored.token().accessToken()).isEqualTo(first.accessToken());
        assertThat(stored.version()).isEqualTo(registered.version() + 1);
    }

    @Test
    void registeringAnExistingIdIsRefused() {
        Connection registered = env.register("unique");

        assertThat(env.context().getBean(ConnectionStore.class).create(registered)).isFalse();
    }

    @Test
    void aStoredTokenIsDecryptedOnceUntilItChanges() {
        CountingCipher cipher = new CountingCipher(env.context().getBean(TokenCipher.class));
        ConnectionStore store = new DynamoDbConnectionStore(DynamoDbLocal.client(), env.table(), cipher,
                env.context().getBean(JsonMapper.class));
        Connection registered = env.register("cached");
        store.replaceToken(registered, token("first"));

        store.find("cached");
        store.find("cached");
        Connection read = store.find("cached").orElseThrow();
        assertThat(cipher.opens).isEqualTo(1);

        store.replaceToken(read, token("second"));
        assertThat(store.find("cached").orElseThrow().token().accessToken().reveal()).endsWith("!second");
        assertThat(cipher.opens).isEqualTo(2);
    }

    /** The real cipher, counting how often a token is decrypted. */
    private static final class CountingCipher implements TokenCipher {
        private final TokenCipher cipher;
        private int opens;

        CountingCipher(TokenCipher cipher) {
            this.cipher = cipher;
        }

        @Override
        public byte[] seal(byte[] plaintext, String connectionId) {
            return cipher.seal(plaintext, connectionId);
        }

        @Override
        public byte[] open(byte[] sealed, String connectionId) {
            opens++;
            return cipher.open(sealed, connectionId);
        }
    }

    /** No attribute, as text or as bytes, contains the token or anything shaped like a Salesforce token. */
    static void assertNoClearToken(Map<String, AttributeValue> item, String accessToken) {
        item.forEach((name, value) -> {
            String text = value.b() != null ? new String(value.b().asByteArray(), StandardCharsets.ISO_8859_1) : value.toString();
            assertThat(text).as(name).doesNotContain(accessToken);
            assertThat(LogCapture.SALESFORCE_TOKEN.matcher(text).find()).as(name).isFalse();
        });
    }

    static Map<String, AttributeValue> rawItem(String id) {
        return DynamoDbLocal.client().getItem(r -> r.tableName(env.table()).key(Map.of("id", AttributeValue.fromS(id)))).item();
    }

    private static TokenSet token(String name) {
        Instant now = Instant.now();
        return new TokenSet(Secret.of("00Dxx0000001gPL!" + name), "https://acme.my.salesforce.com", "Bearer", now, now.plusSeconds(7200));
    }
}
