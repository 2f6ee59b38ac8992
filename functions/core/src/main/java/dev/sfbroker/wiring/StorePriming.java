package dev.sfbroker.wiring;

import dev.sfbroker.encryption.TokenCipher;
import dev.sfbroker.token.AuditEvent;
import dev.sfbroker.token.ConnectionStore;
import io.micronaut.crac.OrderedResource;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.crac.Context;
import org.crac.Resource;

/**
 * Primes what every function uses: the DynamoDB client's whole request path (signing, HTTP, unmarshalling) with a
 * read of a connection that cannot exist, the token cipher with a round trip bound to that connection (with KMS, one
 * Encrypt and one Decrypt whose encryption context names it), and JSON. It reads and never writes.
 */
@Singleton
final class StorePriming implements OrderedResource {
    /** Not a valid connection id (ids are letters, digits, '-' and '_'), so no item can ever answer it. */
    static final String NO_SUCH_CONNECTION = "priming/none";

    private final ConnectionStore store;
    private final TokenCipher cipher;
    private final JsonMapper json;

    StorePriming(ConnectionStore store, TokenCipher cipher, JsonMapper json) {
        this.store = store;
        this.cipher = cipher;
        this.json = json;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        Priming.step("DynamoDB read", () -> store.find(NO_SUCH_CONNECTION));
        Priming.step("token encryption", () -> cipher.open(cipher.seal("priming".getBytes(StandardCharsets.UTF_8), NO_SUCH_CONNECTION),
                NO_SUCH_CONNECTION));
        Priming.step("JSON", () -> json.readValue(json.writeValueAsBytes(Map.of("action", AuditEvent.SCHEDULE)), Map.class));
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing in the store's clients is unique to an instance
    }
}
