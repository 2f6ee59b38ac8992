package dev.sfbroker.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.encryption.TokenCipher;
import dev.sfbroker.store.DynamoDbConnectionStore;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.DynamoDbLocal;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.ConnectionState;
import dev.sfbroker.token.Failure;
import dev.sfbroker.token.FailureClass;
import dev.sfbroker.token.Lease;
import dev.sfbroker.token.Secret;
import dev.sfbroker.token.TokenSet;
import io.micronaut.json.JsonMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The writes the functions that do not manage connections make, as they leave the SDK for DynamoDB Local, name only
 * attributes {@code template.yaml} lets their roles write ({@code dynamodb:Attributes}). The token function and the
 * scheduled refresh write connections only through the renewal's store calls (Renewer: acquireLease, completeRenewal,
 * releaseLease, block); the policy audit only through updateSessionTimeout.
 */
class NonOpsWritesTest {
    private static final Template TEMPLATE = Template.load();
    /** Names in an expression that are not attributes. */
    private static final Set<String> EXPRESSION_WORDS = Set.of("SET", "REMOVE", "ADD", "DELETE", "AND", "OR", "NOT", "BETWEEN", "IN",
            "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains", "size", "if_not_exists",
            "list_append");
    private static final Pattern BARE_NAME = Pattern.compile("(?<![#:\\w])([A-Za-z_][A-Za-z0-9_]*)");

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("development");

    private final Set<String> written = new TreeSet<>();
    private DynamoDbConnectionStore store;

    @BeforeEach
    void recordEveryWrite() {
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution execution, ExecutionAttributes attributes) {
                switch (execution.request()) {
                    case UpdateItemRequest update -> {
                        written.addAll(update.key().keySet());
                        written.addAll(update.expressionAttributeNames().values());
                        written.addAll(bareNames(update.updateExpression()));
                        written.addAll(bareNames(update.conditionExpression()));
                    }
                    case PutItemRequest put -> written.addAll(put.item().keySet());
                    default -> {
                    }
                }
            }
        };
        store = new DynamoDbConnectionStore(DynamoDbLocal.clientFor(DynamoDbLocal.endpoint())
                .overrideConfiguration(configuration -> configuration.addExecutionInterceptor(recorder)).build(),
                env.table(), env.context().getBean(TokenCipher.class), env.context().getBean(JsonMapper.class), Clock.systemUTC());
    }

    @Test
    void aRenewalWritesOnlyWhatTheTokenFunctionsAndTheSchedulesRolesMayWrite() {
        Instant now = Instant.now();
        Connection registered = env.register("renewal-writes");
        Connection leased = store.acquireLease(registered, new Lease("instance-a", now.plusSeconds(60)), now).orElseThrow();
        assertThat(store.completeRenewal(leased, token(now), null)).isTrue();
        Connection again = store.acquireLease(store.find(registered.id()).orElseThrow(), new Lease("instance-b", now.plusSeconds(60)), now)
                .orElseThrow();
        assertThat(store.releaseLease(again, failure(FailureClass.TRANSIENT, now), now.plusSeconds(30))).isTrue();
        assertThat(store.block(store.find(registered.id()).orElseThrow(), ConnectionState.NEEDS_REAUTH,
                failure(FailureClass.TERMINAL, now))).isTrue();

        assertThat(written).isNotEmpty();
        assertThat(TEMPLATE.updatableAttributes("TokenFunctionRole")).containsAll(written);
        assertThat(TEMPLATE.updatableAttributes("ScheduledRefreshFunctionRole")).containsAll(written);
    }

    @Test
    void thePolicyAuditWritesOnlyTheSessionTimeout() {
        Connection registered = env.register("timeout-writes");

        assertThat(store.updateSessionTimeout(registered, registered.withLearnedSessionTimeout(Duration.ofMinutes(30)))).isTrue();

        assertThat(written).isNotEmpty();
        assertThat(TEMPLATE.updatableAttributes("PolicyAuditFunctionRole")).containsAll(written);
        assertThat(store.find(registered.id()).orElseThrow().sessionTimeout()).isEqualTo(Duration.ofMinutes(30));
    }

    private static Set<String> bareNames(String expression) {
        Set<String> names = new TreeSet<>();
        if (expression != null) {
            Matcher matcher = BARE_NAME.matcher(expression);
            while (matcher.find()) {
                if (!EXPRESSION_WORDS.contains(matcher.group(1))) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }

    private static TokenSet token(Instant now) {
        return new TokenSet(Secret.of("00Dxx0000001gPL!renewed"), "https://acme.my.salesforce.com", "Bearer", now, now.plusSeconds(7200),
                now.plusSeconds(6600));
    }

    private static Failure failure(FailureClass failureClass, Instant at) {
        return new Failure(failureClass, "invalid_grant", "expired access/refresh token", "cause", "fix", at);
    }
}
