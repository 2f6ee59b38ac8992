package dev.sfbroker.token;

import static dev.sfbroker.testing.DynamoDbFaultProxy.Operation.GET_ITEM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sfbroker.access.Caller;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.DynamoDbFaultProxy;
import dev.sfbroker.testing.DynamoDbLocal;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each container's memory of the connections it served ({@code broker.token-cache.staleness}), on the simulated
 * clock, with DynamoDB reads counted by a proxy: a hot connection is served without a read, a change made in another
 * container is seen within the staleness bound and a change made in this one at once, and a token reported rejected
 * is never served from memory.
 */
class ServedTokenCacheTest {
    private static final Caller CALLER = new Caller(BrokerEnvironment.INTEGRATION_ROLE);
    private static final Duration STALENESS = Duration.ofSeconds(90);
    private static final DynamoDbFaultProxy proxy = DynamoDbFaultProxy.start(DynamoDbLocal.endpoint());

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("development").onSimulatedClock()
            .configure(properties -> {
                properties.put("aws.services.dynamodb.endpoint-override", proxy.endpoint());
                properties.put("broker.token-cache.staleness", STALENESS.toSeconds() + "s");
            });

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @Test
    void aHotConnectionIsServedFromMemoryUntilTheStalenessBoundThenReadAgain() {
        env.register("hot");
        TokenSet first = warm(env.context(), "hot");
        long reads = proxy.counts().of(GET_ITEM);

        for (int i = 0; i < 10; i++) {
            assertThat(tokens(env.context()).tokenFor("hot", CALLER).fingerprint()).isEqualTo(first.fingerprint());
        }
        assertThat(proxy.counts().of(GET_ITEM)).isEqualTo(reads);

        env.salesforce().clock().advance(STALENESS);
        tokens(env.context()).tokenFor("hot", CALLER);
        assertThat(proxy.counts().of(GET_ITEM)).isEqualTo(reads + 1);
    }

    @Test
    void aDisableInAnotherContainerIsSeenWithinTheBoundAndInTheContainerThatDidItAtOnce() {
        env.register("disabled-elsewhere");
        ApplicationContext ops = env.anotherInstance();
        TokenSet served = warm(env.context(), "disabled-elsewhere");
        warm(ops, "disabled-elsewhere");

        ops.getBean(ConnectionOperations.class).disable("disabled-elsewhere", "operator");

        assertThatThrownBy(() -> tokens(ops).tokenFor("disabled-elsewhere", CALLER)).isInstanceOf(ConnectionInactiveException.class);
        // the trade-off: another container serves what it read for at most the staleness bound
        assertThat(tokens(env.context()).tokenFor("disabled-elsewhere", CALLER).fingerprint()).isEqualTo(served.fingerprint());
        env.salesforce().clock().advance(STALENESS);
        assertThatThrownBy(() -> tokens(env.context()).tokenFor("disabled-elsewhere", CALLER))
                .isInstanceOf(ConnectionInactiveException.class);
    }

    @Test
    void aTokenReportedRejectedIsNeverServedFromMemoryAgain() {
        env.register("rejected");
        TokenSet first = warm(env.context(), "rejected");
        env.salesforce().clock().advance(TokenService.MIN_TOKEN_AGE.plusSeconds(1));
        ApplicationContext other = env.anotherInstance();
        tokens(other).tokenFor("rejected", CALLER);

        TokenSet renewed = tokens(env.context()).tokenRejected("rejected", CALLER, first.fingerprint());

        assertThat(renewed.fingerprint()).isNotEqualTo(first.fingerprint());
        assertThat(tokens(env.context()).tokenFor("rejected", CALLER).fingerprint()).isEqualTo(renewed.fingerprint());
        // the other container reports the old token too: it gets the renewed one, from the store, at once
        assertThat(tokens(other).tokenRejected("rejected", CALLER, first.fingerprint()).fingerprint()).isEqualTo(renewed.fingerprint());
        assertThat(tokens(other).tokenFor("rejected", CALLER).fingerprint()).isEqualTo(renewed.fingerprint());
    }

    @Test
    void zeroStalenessReadsOnEveryFetch() {
        env.register("uncached");
        TokenService uncached = tokens(env.anotherInstance(Map.of("broker.token-cache.staleness", "0s")));
        uncached.tokenFor("uncached", CALLER);
        long reads = proxy.counts().of(GET_ITEM);

        uncached.tokenFor("uncached", CALLER);
        uncached.tokenFor("uncached", CALLER);

        assertThat(proxy.counts().of(GET_ITEM)).isEqualTo(reads + 2);
    }

    /** The first fetch mints the token; the second reads the connection with it, which the container then keeps. */
    private static TokenSet warm(ApplicationContext context, String id) {
        tokens(context).tokenFor(id, CALLER);
        return tokens(context).tokenFor(id, CALLER);
    }

    private static TokenService tokens(ApplicationContext context) {
        return context.getBean(TokenService.class);
    }
}
