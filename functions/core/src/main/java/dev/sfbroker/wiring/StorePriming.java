package dev.sfbroker.wiring;

import dev.sfbroker.token.AuditEvent;
import dev.sfbroker.token.ConnectionStore;
import io.micronaut.crac.OrderedResource;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.util.Map;
import org.crac.Context;
import org.crac.Resource;

/**
 * Primes what every function uses: the DynamoDB client's whole request path (signing, HTTP, unmarshalling) with a
 * read of a connection that cannot exist, and JSON. It reads and never writes.
 */
@Singleton
final class StorePriming implements OrderedResource {
    /** Not a valid connection id (ids are letters, digits, '-' and '_'), so no item can ever answer it. */
    static final String NO_SUCH_CONNECTION = "priming/none";

    private final ConnectionStore store;
    private final JsonMapper json;

    StorePriming(ConnectionStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        Priming.step("DynamoDB read", () -> store.find(NO_SUCH_CONNECTION));
        Priming.step("JSON", () -> json.readValue(json.writeValueAsBytes(Map.of("action", AuditEvent.SCHEDULE)), Map.class));
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing in the store's clients is unique to an instance
    }
}
