package dev.sfbroker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.sfbroker.testing.ApiGatewayEvents;
import dev.sfbroker.testing.DynamoDbLocal;
import dev.sfbroker.testing.FunctionBeans;
import dev.sfbroker.testing.FunctionContextTest;
import dev.sfbroker.testing.LogCapture;
import dev.sfbroker.token.Renewer;
import io.micronaut.crac.test.CheckpointSimulator;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The token function's own application context, as Lambda starts it from its jar: only the beans that serve
 * tokens, primed before a SnapStart snapshot without calling Salesforce or writing to DynamoDB, and a new
 * lease-holder name after every restore.
 */
@MicronautTest
class TokenFunctionTest extends FunctionContextTest {

    TokenFunctionTest() {
        super("iam");
    }
    @Inject
    CheckpointSimulator checkpoint;

    @BeforeAll
    void registerConnection() {
        env.register("demo");
    }

    @Test
    void createsTheTokenServiceAndNothingOfOpsTheScheduleOrThePolicyAudit() {
        assertThat(FunctionBeans.of(context)).containsExactlyElementsOf(FunctionBeans.union(FunctionBeans.CORE, FunctionBeans.RENEWAL,
                FunctionBeans.HTTP, Set.of(
                        "dev.sfbroker.token.TokenService",
                        "dev.sfbroker.api.TokenController",
                        "dev.sfbroker.api.TokenRoutePriming")));
    }

    @Test
    void primesBeforeTheSnapshotWithoutCallingSalesforceOrWritingAndRenamesTheLeaseHolderAfterEachRestore() throws IOException {
        long salesforceCalls = env.salesforce().counters().totalCalls();
        int items = DynamoDbLocal.itemCount(env.table()) + DynamoDbLocal.itemCount(env.auditTable());
        try (LogCapture log = new LogCapture()) {
            checkpoint.runBeforeCheckpoint();

            assertThat(log.lines()).anyMatch(line -> line.startsWith("primed DynamoDB read"))
                    .anyMatch(line -> line.startsWith("primed JSON"))
                    .anyMatch(line -> line.startsWith("primed JWT bearer assertion"))
                    .anyMatch(line -> line.startsWith("primed token endpoint responses"))
                    .anyMatch(line -> line.startsWith("primed token encryption"))
                    .anyMatch(line -> line.startsWith("primed metrics line"))
                    .anyMatch(line -> line.startsWith("primed token response JSON"))
                    .anyMatch(line -> line.startsWith("primed token route"))
                    .noneMatch(line -> line.startsWith("priming"));
        }
        assertThat(env.salesforce().counters().totalCalls()).isEqualTo(salesforceCalls);
        assertThat(DynamoDbLocal.itemCount(env.table()) + DynamoDbLocal.itemCount(env.auditTable())).isEqualTo(items);

        Renewer renewer = context.getBean(Renewer.class);
        String inSnapshot = renewer.instanceId();
        checkpoint.runAfterRestore();
        String firstRestore = renewer.instanceId();
        checkpoint.runAfterRestore();
        assertThat(Set.of(inSnapshot, firstRestore, renewer.instanceId())).as("one name per restored environment").hasSize(3);

        APIGatewayV2HTTPEvent event = ApiGatewayEvents.recordedTokenRequest(context);
        assertThat(new APIGatewayV2HTTPEventFunction(context).handleRequest(event, new MockLambdaContext()).getStatusCode())
                .as("a restored function serves").isEqualTo(200);
    }
}
