package dev.sfbroker.token;

import static dev.sfbroker.testing.DynamoDbFaultProxy.Fault.DROP_AFTER_APPLY;
import static dev.sfbroker.testing.DynamoDbFaultProxy.Fault.INTERNAL_SERVER_ERROR;
import static dev.sfbroker.testing.DynamoDbFaultProxy.Fault.PROVISIONED_THROUGHPUT_EXCEEDED;
import static dev.sfbroker.testing.DynamoDbFaultProxy.Fault.THROTTLING;
import static dev.sfbroker.testing.DynamoDbFaultProxy.Fault.UNPROCESSED;
import static dev.sfbroker.testing.DynamoDbFaultProxy.Operation.BATCH_GET_ITEM;
import static dev.sfbroker.testing.DynamoDbFaultProxy.Operation.BATCH_WRITE_ITEM;
import static dev.sfbroker.testing.DynamoDbFaultProxy.Operation.GET_ITEM;
import static dev.sfbroker.testing.DynamoDbFaultProxy.Operation.PUT_ITEM;
import static dev.sfbroker.testing.DynamoDbFaultProxy.Operation.UPDATE_ITEM;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sfbroker.access.Caller;
import dev.sfbroker.handlers.ScheduledRefreshHandler;
import dev.sfbroker.simulator.SimGrant;
import dev.sfbroker.testing.ApiGatewayEvents;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.DynamoDbFaultProxy;
import dev.sfbroker.testing.DynamoDbFaultProxy.Fault;
import dev.sfbroker.testing.DynamoDbFaultProxy.Operation;
import dev.sfbroker.testing.DynamoDbLocal;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The broker on a DynamoDB that throttles, fails, answers late and drops connections, through a fault proxy in front
 * of DynamoDB Local, with the AWS SDK's own retries on as in production. Above all: a retried conditional write that
 * meets its own earlier, applied but unanswered attempt must not be taken for someone else's.
 */
class DynamoDbFaultsTest {
    private static final Caller CALLER = new Caller(BrokerEnvironment.INTEGRATION_ROLE);
    /** The write that takes the renewal lease. */
    private static final Predicate<String> LEASE_WRITE = body -> body.contains("SET #owner = :owner");
    /** The write that stores a renewed token and releases the lease. */
    private static final Predicate<String> RENEWAL_WRITE = body -> body.contains("SET #token") && body.contains("AND #owner = :owner");
    /** The write that stores an authorised grant. */
    private static final Predicate<String> AUTHORIZATION_WRITE = body -> body.contains("SET #token") && body.contains("#authState");
    /** The write that takes one login from the user's budget. */
    private static final Predicate<String> BUDGET_WRITE = body -> body.contains("ADD #used :one");
    private static final Predicate<String> ANY = body -> true;

    private static final DynamoDbFaultProxy proxy = DynamoDbFaultProxy.start(DynamoDbLocal.endpoint());

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("iam")
            .configure(properties -> properties.put("aws.services.dynamodb.endpoint-override", proxy.endpoint()));

    private static APIGatewayV2HTTPEventFunction handler;

    @BeforeAll
    static void startHandler() {
        handler = new APIGatewayV2HTTPEventFunction(env.context());
    }

    @AfterEach
    void clearFaults() {
        proxy.clear();
        proxy.resetCounts();
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @Test
    void aLeaseWhoseAnswerWasLostIsRecognisedAsTakenAndTheConnectionRenewedOnce() {
        env.register("lease-answer-lost");
        long before = env.salesforce().counters().jwtBearerCalls();
        proxy.fail(UPDATE_ITEM, DROP_AFTER_APPLY).matching(LEASE_WRITE).times(1);

        TokenSet served = tokens().tokenFor("lease-answer-lost", CALLER);

        assertThat(proxy.counts().of(UPDATE_ITEM, DROP_AFTER_APPLY)).isEqualTo(1);
        assertThat(env.salesforce().counters().jwtBearerCalls() - before).isEqualTo(1);
        Connection stored = store().find("lease-answer-lost").orElseThrow();
        assertThat(stored.token().fingerprint()).isEqualTo(served.fingerprint());
        assertThat(stored.lease()).as("the lease was released, not left to run out").isNull();
        assertThat(stored.lastFailure()).isNull();
    }

    @Test
    void aRenewalStoredWhoseAnswerWasLostKeepsTheRotatedRefreshTokenAndIsNotRepeated() throws Exception {
        RefreshTokenWorld world = RefreshTokenWorld.register(env, true);
        world.authorise();
        long before = env.salesforce().counters().refreshTokenCalls();
        proxy.fail(UPDATE_ITEM, DROP_AFTER_APPLY).matching(RENEWAL_WRITE).times(1);

        TokenSet renewed = world.renewOnce();

        assertThat(proxy.counts().of(UPDATE_ITEM, DROP_AFTER_APPLY)).isEqualTo(1);
        Connection stored = store().find(world.id()).orElseThrow();
        assertThat(stored.grant().refreshToken().reveal()).as("the rotated refresh token is the one stored")
                .isEqualTo(world.liveGrant().refreshToken().orElseThrow());
        assertThat(stored.state()).isEqualTo(ConnectionState.ACTIVE);
        assertThat(stored.lastFailure()).isNull();
        assertThat(stored.outcomeUnknown()).isFalse();
        assertThat(stored.lease()).isNull();
        assertThat(tokens().tokenFor(world.id(), CALLER).fingerprint()).isEqualTo(renewed.fingerprint());
        assertThat(env.salesforce().counters().refreshTokenCalls() - before).isEqualTo(1);
        assertNoGrantRevokedForReuse(world);
    }

    @Test
    void anAuthorisationStoredWhoseAnswerWasLostKeepsItsGrantLive() throws Exception {
        RefreshTokenWorld world = RefreshTokenWorld.register(env, true);
        proxy.fail(UPDATE_ITEM, DROP_AFTER_APPLY).matching(AUTHORIZATION_WRITE).times(1);

        TokenSet authorised = world.authorise();

        assertThat(proxy.counts().of(UPDATE_ITEM, DROP_AFTER_APPLY)).isEqualTo(1);
        Connection stored = store().find(world.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(ConnectionState.ACTIVE);
        assertThat(world.liveGrant().refreshToken().orElseThrow()).as("the new grant was not revoked as a lost race")
                .isEqualTo(stored.grant().refreshToken().reveal());
        assertThat(tokens().tokenFor(world.id(), CALLER).fingerprint()).isEqualTo(authorised.fingerprint());
    }

    static Stream<Arguments> transientFaults() {
        return Stream.of(PROVISIONED_THROUGHPUT_EXCEEDED, THROTTLING, INTERNAL_SERVER_ERROR).flatMap(fault -> Stream.of(
                Arguments.of(fault, GET_ITEM, "read", ANY),
                Arguments.of(fault, UPDATE_ITEM, "lease write", LEASE_WRITE),
                Arguments.of(fault, UPDATE_ITEM, "renewal write", RENEWAL_WRITE),
                Arguments.of(fault, UPDATE_ITEM, "budget write", BUDGET_WRITE),
                Arguments.of(fault, PUT_ITEM, "audit write", ANY)));
    }

    @ParameterizedTest(name = "{0} twice on the {2}")
    @MethodSource("transientFaults")
    void transientFaultsAreRetriedAndTheTokenServedWithOneTokenCall(Fault fault, Operation operation, String what,
                                                                    Predicate<String> requests) {
        String id = (fault + "-" + what).toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        env.register(id);
        long before = env.salesforce().counters().jwtBearerCalls();
        proxy.fail(operation, fault).matching(requests).times(2);

        TokenSet served = tokens().tokenFor(id, CALLER);

        assertThat(proxy.counts().of(operation, fault)).isEqualTo(2);
        assertThat(env.salesforce().counters().jwtBearerCalls() - before).isEqualTo(1);
        Connection stored = store().find(id).orElseThrow();
        assertThat(stored.token().fingerprint()).isEqualTo(served.fingerprint());
        assertThat(stored.lease()).isNull();
    }

    @Test
    void aReadThatKeepsFailingAnswersTheDocumentedJsonErrorAndTheNextFetchIsServed() throws IOException {
        env.register("read-unavailable");
        proxy.fail(GET_ITEM, INTERNAL_SERVER_ERROR).always();

        APIGatewayV2HTTPResponse response = fetchThroughTheLambdaHandler("read-unavailable");

        assertStorageUnavailable(response);
        assertThat(proxy.counts().of(GET_ITEM, INTERNAL_SERVER_ERROR)).as("the SDK's attempts").isEqualTo(9);
        proxy.clear();
        assertThat(tokens().tokenFor("read-unavailable", CALLER).isValidAt(Instant.now())).isTrue();
    }

    /** Failing, not throttled: the SDK backs off from throttling for about a minute before it gives up. */
    @Test
    void aLeaseWriteThatKeepsFailingAnswersTheDocumentedJsonErrorAndWritesNothing() throws IOException {
        Connection registered = env.register("lease-failing");
        long before = env.salesforce().counters().jwtBearerCalls();
        proxy.fail(UPDATE_ITEM, INTERNAL_SERVER_ERROR).matching(LEASE_WRITE).always();

        APIGatewayV2HTTPResponse response = fetchThroughTheLambdaHandler("lease-failing");

        assertStorageUnavailable(response);
        assertThat(proxy.counts().of(UPDATE_ITEM, INTERNAL_SERVER_ERROR)).as("the SDK's attempts").isEqualTo(9);
        proxy.clear();
        Connection stored = store().find("lease-failing").orElseThrow();
        assertThat(stored.version()).as("nothing written").isEqualTo(registered.version());
        assertThat(stored.lease()).isNull();
        assertThat(env.salesforce().counters().jwtBearerCalls()).isEqualTo(before);
    }

    /**
     * Fail closed: a login the budget could not record is not made. Salesforce's lockout after too many logins hits every
     * integration and person using the user for an hour, while the broker cannot renew without DynamoDB anyway.
     */
    @Test
    void aBudgetWriteThatKeepsFailingMakesNoCallToSalesforceAndReleasesTheLease() throws IOException {
        env.register("budget-failing");
        long before = env.salesforce().counters().jwtBearerCalls();
        proxy.fail(UPDATE_ITEM, INTERNAL_SERVER_ERROR).matching(BUDGET_WRITE).always();

        APIGatewayV2HTTPResponse response = fetchThroughTheLambdaHandler("budget-failing");

        assertStorageUnavailable(response);
        assertThat(env.salesforce().counters().jwtBearerCalls()).as("no login the budget did not record").isEqualTo(before);
        proxy.clear();
        Connection stored = store().find("budget-failing").orElseThrow();
        assertThat(stored.lease()).as("released, with the back-off").isNull();
        assertThat(stored.state()).isEqualTo(ConnectionState.ACTIVE);
    }

    @Test
    void aBudgetWriteWhoseAnswerWasLostCountsAtMostTwiceAndLogsInOnce() {
        env.register("budget-answer-lost");
        long before = env.salesforce().counters().jwtBearerCalls();
        proxy.fail(UPDATE_ITEM, DROP_AFTER_APPLY).matching(BUDGET_WRITE).times(1);

        TokenSet served = tokens().tokenFor("budget-answer-lost", CALLER);

        assertThat(proxy.counts().of(UPDATE_ITEM, DROP_AFTER_APPLY)).isEqualTo(1);
        assertThat(served.isValidAt(Instant.now())).isTrue();
        assertThat(env.salesforce().counters().jwtBearerCalls() - before).isEqualTo(1);
    }

    /**
     * Every write a second late: the renewal still ends well inside its lease (the lease outlives the token call
     * and the store's writes), and is not repeated.
     */
    @Test
    void slowWritesEndWellInsideTheLease() {
        env.register("slow-store");
        long before = env.salesforce().counters().jwtBearerCalls();
        proxy.delay(UPDATE_ITEM, Duration.ofSeconds(1)).always();
        proxy.delay(GET_ITEM, Duration.ofMillis(300)).always();

        Instant started = Instant.now();
        TokenSet served = tokens().tokenFor("slow-store", CALLER);
        Duration took = Duration.between(started, Instant.now());

        assertThat(served.isValidAt(Instant.now())).isTrue();
        assertThat(env.salesforce().counters().jwtBearerCalls() - before).isEqualTo(1);
        assertThat(store().find("slow-store").orElseThrow().lease()).isNull();
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(60).dividedBy(4));
    }

    @Test
    void aScheduledRunWhoseBatchesComeBackHalfUnprocessedRenewsEachConnectionOnceAndAuditsEachRenewal() {
        List<String> ids = IntStream.range(0, 120).mapToObj(i -> env.register("half-processed-" + i).id()).toList();
        long before = env.salesforce().counters().jwtBearerCalls();
        proxy.fail(BATCH_GET_ITEM, UNPROCESSED).always();
        proxy.fail(BATCH_WRITE_ITEM, UNPROCESSED).always();

        ScheduledRefreshHandler.Result result = new ScheduledRefreshHandler(env.context()).execute(new ScheduledRefreshHandler.Input(10));

        assertThat(proxy.counts().of(BATCH_GET_ITEM, UNPROCESSED)).isGreaterThan(2);
        assertThat(proxy.counts().of(BATCH_WRITE_ITEM, UNPROCESSED)).isGreaterThan(5);
        assertThat(result.renewed()).isGreaterThanOrEqualTo(ids.size());
        assertThat(env.salesforce().counters().jwtBearerCalls() - before).isEqualTo(result.renewed());
        AuditTrail audit = env.context().getBean(AuditTrail.class);
        assertThat(ids).allSatisfy(id -> {
            assertThat(store().find(id).orElseThrow().token()).isNotNull();
            assertThat(audit.forConnection(id, 10)).extracting(AuditEvent::action).containsExactly(AuditEvent.Action.RENEWED);
        });
    }

    private static void assertStorageUnavailable(APIGatewayV2HTTPResponse response) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(503);
        assertThat(response.getBody()).contains("\"error\":\"storage_unavailable\"").doesNotContain("Exception");
        assertThat(response.getHeaders()).containsKey("Retry-After");
    }

    private static APIGatewayV2HTTPResponse fetchThroughTheLambdaHandler(String connectionId) throws IOException {
        APIGatewayV2HTTPEvent event = ApiGatewayEvents.recordedTokenRequest(env.context());
        String path = "/connections/" + connectionId + "/token";
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        event.setPathParameters(Map.of("id", connectionId));
        return handler.handleRequest(event, new MockLambdaContext());
    }

    private static void assertNoGrantRevokedForReuse(RefreshTokenWorld world) {
        assertThat(world.grants()).noneMatch(grant -> grant.revocation().filter(SimGrant.Revocation.REFRESH_TOKEN_REUSED::equals).isPresent());
    }

    private static ConnectionStore store() {
        return env.context().getBean(ConnectionStore.class);
    }

    private static TokenService tokens() {
        return env.context().getBean(TokenService.class);
    }
}
