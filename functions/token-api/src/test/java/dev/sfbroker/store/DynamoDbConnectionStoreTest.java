package dev.sfbroker.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.access.Caller;
import dev.sfbroker.encryption.TokenCipher;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.DynamoDbLocal;
import dev.sfbroker.testing.FunctionContextTest;
import dev.sfbroker.testing.LogCapture;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.ConnectionState;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.Failure;
import dev.sfbroker.token.FailureClass;
import dev.sfbroker.token.Lease;
import dev.sfbroker.token.Secret;
import dev.sfbroker.token.TokenService;
import dev.sfbroker.token.TokenSet;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@MicronautTest
class DynamoDbConnectionStoreTest extends FunctionContextTest {
    DynamoDbConnectionStoreTest() {
        super("development");
    }

    @Test
    void rawItemHoldsNoTokenInClearText() {
        env.register("sealed");
        TokenSet served = context.getBean(TokenService.class).tokenFor("sealed", new Caller(BrokerEnvironment.INTEGRATION_ROLE));

        Map<String, AttributeValue> item = rawItem("sealed");

        assertNoClearToken(item, served.accessToken().reveal());
        assertThat(item.get("token").b()).isNotNull();
    }

    @Test
    void onlyOneOfTwoInstancesGetsTheLeaseOnTheSameVersion() {
        ConnectionStore store = context.getBean(ConnectionStore.class);
        Connection registered = env.register("contended");
        Instant now = Instant.now();

        Optional<Connection> first = store.acquireLease(registered, new Lease("instance-a", now.plusSeconds(60)), now);
        Optional<Connection> second = store.acquireLease(registered, new Lease("instance-b", now.plusSeconds(60)), now);

        assertThat(first).hasValueSatisfying(leased -> assertThat(leased.lease().owner()).isEqualTo("instance-a"));
        assertThat(second).isEmpty();
    }

    @Test
    void aLiveLeaseBlocksOthersAndAnExpiredOneDoesNot() {
        ConnectionStore store = context.getBean(ConnectionStore.class);
        env.register("leased");
        Instant now = Instant.now();
        store.acquireLease(store.find("leased").orElseThrow(), new Lease("instance-a", now.plusSeconds(60)), now);
        Connection leased = store.find("leased").orElseThrow();

        assertThat(store.acquireLease(leased, new Lease("instance-b", now.plusSeconds(60)), now)).isEmpty();
        Instant afterLease = now.plusSeconds(61);
        assertThat(store.acquireLease(leased, new Lease("instance-b", afterLease.plusSeconds(60)), afterLease)).isPresent();
    }

    @Test
    void aRenewalWhoseLeaseWasTakenOverIsFencedOut() {
        ConnectionStore store = context.getBean(ConnectionStore.class);
        Connection registered = env.register("fenced");
        Instant now = Instant.now();
        Connection zombie = store.acquireLease(registered, new Lease("zombie", now.plusSeconds(60)), now).orElseThrow();
        Instant later = now.plusSeconds(61);
        Connection successor = store.acquireLease(zombie, new Lease("successor", later.plusSeconds(60)), later).orElseThrow();

        assertThat(store.completeRenewal(zombie, token("zombie"), null)).isFalse();
        assertThat(store.completeRenewal(successor, token("successor"), null)).isTrue();

        Connection stored = store.find("fenced").orElseThrow();
        assertThat(stored.token().accessToken().reveal()).endsWith("!successor");
        assertThat(stored.lease()).isNull();
    }

    @Test
    void dueForRenewalComesFromTheIndexAndSkipsBlockedConnections() {
        ConnectionStore store = context.getBean(ConnectionStore.class);
        Connection due = env.register("index-due");
        Connection blocked = env.register("index-blocked");
        store.block(blocked, ConnectionState.NEEDS_REAUTH, new Failure(FailureClass.TERMINAL, "invalid_grant",
                "expired access/refresh token", "cause", "fix", Instant.now()));

        assertThat(store.dueForRenewal(Instant.now())).contains(due.id()).doesNotContain(blocked.id());
    }

    @Test
    void registeringAnExistingIdIsRefused() {
        Connection registered = env.register("unique");

        assertThat(context.getBean(ConnectionStore.class).create(registered)).isFalse();
    }

    @Test
    void aStoredTokenIsDecryptedOnceUntilItChanges() {
        CountingCipher cipher = new CountingCipher(context.getBean(TokenCipher.class));
        ConnectionStore store = new DynamoDbConnectionStore(DynamoDbLocal.client(), env.table(), cipher,
                context.getBean(JsonMapper.class), Clock.systemUTC());
        renew(store, env.register("cached"), "first");

        store.find("cached");
        store.find("cached");
        Connection read = store.find("cached").orElseThrow();
        assertThat(cipher.opens).isEqualTo(1);

        renew(store, read, "second");
        assertThat(store.find("cached").orElseThrow().token().accessToken().reveal()).endsWith("!second");
        assertThat(cipher.opens).isEqualTo(2);
    }

    private static void renew(ConnectionStore store, Connection read, String token) {
        Instant now = Instant.now();
        Connection leased = store.acquireLease(read, new Lease("test", now.plusSeconds(60)), now).orElseThrow();
        assertThat(store.completeRenewal(leased, token(token), null)).isTrue();
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

    Map<String, AttributeValue> rawItem(String id) {
        return DynamoDbLocal.client().getItem(r -> r.tableName(env.table()).key(Map.of("id", AttributeValue.fromS(id)))).item();
    }

    private static TokenSet token(String name) {
        Instant now = Instant.now();
        return new TokenSet(Secret.of("00Dxx0000001gPL!" + name), "https://acme.my.salesforce.com", "Bearer", now,
                now.plusSeconds(7200), now.plusSeconds(6600));
    }
}
