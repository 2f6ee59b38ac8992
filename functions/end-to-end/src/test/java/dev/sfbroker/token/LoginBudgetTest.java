package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sfbroker.access.Caller;
import dev.sfbroker.simulator.SimEndpoint;
import dev.sfbroker.simulator.SimUser;
import dev.sfbroker.testing.ApiGatewayEvents;
import dev.sfbroker.testing.BrokerEnvironment;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The login budget per Salesforce user, shared by several broker instances over one DynamoDB table, on the simulated
 * clock: however many callers report rejected tokens and fetch due tokens, the simulator never sees more token calls
 * for the user in an hour than the budget; once Salesforce answers its rate limit, no instance calls for that user on
 * any connection until the window has passed.
 */
class LoginBudgetTest {
    private static final int BUDGET = 20;
    private static final Caller CALLER = new Caller(BrokerEnvironment.INTEGRATION_ROLE);

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("development").onSimulatedClock()
            .configure(properties -> properties.put("broker.login-budget.per-hour", BUDGET));

    @Test
    void aStormOfRejectedTokenReportsOnThreeInstancesNeverExceedsTheUsersBudget() throws Exception {
        SimUser user = newUser("storm@acme.example");
        startOfNextWindow();
        List<String> ids = IntStream.range(0, 6).mapToObj(i -> register("storm-" + i, user, null)).toList();
        List<ApplicationContext> instances = List.of(env.context(), env.anotherInstance(), env.anotherInstance());
        long before = tokenCalls(user);
        Set<FailureClass> refusals = ConcurrentHashMap.newKeySet();
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            ids.forEach(id -> tokens(env.context()).tokenFor(id, CALLER));
            for (int round = 0; round < 10; round++) {
                // older than the minute a report must wait, so every report of the current token asks for a renewal
                env.salesforce().clock().advance(Duration.ofSeconds(61));
                List<Future<?>> storm = new ArrayList<>();
                for (ApplicationContext instance : instances) {
                    for (String id : ids) {
                        String fingerprint = store().find(id).orElseThrow().token().fingerprint();
                        for (int caller = 0; caller < 3; caller++) {
                            storm.add(callers.submit(() -> {
                                try {
                                    tokens(instance).tokenRejected(id, CALLER, fingerprint);
                                } catch (TokenUnavailableException e) {
                                    refusals.add(e.failure().failureClass());
                                }
                            }));
                        }
                    }
                }
                for (Future<?> call : storm) {
                    call.get();
                }
            }
        } finally {
            callers.shutdownNow();
        }
        long calls = tokenCalls(user) - before;
        System.out.printf("login budget storm: %d token calls for the user, budget %d, %d reports%n", calls, BUDGET, 10 * 3 * 6 * 3);
        assertThat(calls).as("token calls for the user in one window").isEqualTo(BUDGET);
        assertThat(refusals).containsExactly(FailureClass.BUDGET_EXHAUSTED);
        assertThat(store().all()).as("the budget's counters share the table but are no connections")
                .allSatisfy(connection -> assertThat(connection.id()).matches("[A-Za-z0-9._-]+"));

        APIGatewayV2HTTPResponse refused = fetchThroughTheLambdaHandler(ids.getFirst(), true);
        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(429);
        assertThat(refused.getBody()).contains("\"error\":\"login_budget_exhausted\"").doesNotContain("Exception");
        long retryAfter = Long.parseLong(refused.getHeaders().get("Retry-After"));
        assertThat(retryAfter).as("seconds until the window ends").isBetween(1L, Duration.ofHours(1).toSeconds());
        assertThat(tokenCalls(user) - before).as("the refused fetch made no call").isEqualTo(BUDGET);

        env.salesforce().clock().advance(Duration.ofSeconds(retryAfter));
        TokenSet current = store().find(ids.getFirst()).orElseThrow().token();
        assertThat(tokens(instances.get(2)).tokenRejected(ids.getFirst(), CALLER, current.fingerprint()).fingerprint())
                .as("the next window's budget renews it").isNotEqualTo(current.fingerprint());
        assertThat(tokenCalls(user) - before).isEqualTo(BUDGET + 1);
    }

    @Test
    void aValidTokenIsServedWhileTheBudgetIsUsedUpAndAConnectionMayHaveASmallerBudgetOfItsOwn() {
        SimUser user = newUser("frugal@acme.example");
        startOfNextWindow();
        // a 15-minute session: due after 7.5 minutes, expired after 15, well inside one window
        String frugal = register("frugal", user, 2, Duration.ofMinutes(15));
        String other = register("frugal-other", user, null);
        TokenSet first = tokens(env.context()).tokenFor(frugal, CALLER);
        env.salesforce().clock().advance(Duration.ofSeconds(61));
        TokenSet second = tokens(env.context()).tokenRejected(frugal, CALLER, first.fingerprint());
        env.salesforce().clock().advance(Duration.ofSeconds(61));
        long before = tokenCalls(user);

        assertThatThrownBy(() -> tokens(env.context()).tokenRejected(frugal, CALLER, second.fingerprint()))
                .isInstanceOfSatisfying(TokenUnavailableException.class, e -> {
                    assertThat(e.failure().failureClass()).isEqualTo(FailureClass.BUDGET_EXHAUSTED);
                    assertThat(e.failure().cause()).contains("2 per hour");
                });
        env.salesforce().clock().advance(Duration.ofMinutes(8));
        assertThat(tokens(env.context()).tokenFor(frugal, CALLER)).as("due for renewal but valid: served, no call").isEqualTo(second);
        env.salesforce().clock().advance(Duration.ofMinutes(8));
        assertThatThrownBy(() -> tokens(env.context()).tokenFor(frugal, CALLER)).as("expired: the budget's refusal")
                .isInstanceOfSatisfying(TokenUnavailableException.class,
                        e -> assertThat(e.failure().failureClass()).isEqualTo(FailureClass.BUDGET_EXHAUSTED));
        assertThat(tokenCalls(user)).isEqualTo(before);
        assertThat(tokens(env.context()).tokenFor(other, CALLER).isValidAt(env.salesforce().clock().instant()))
                .as("the default budget still has room for the same user's other connection").isTrue();
        assertThat(tokenCalls(user)).isEqualTo(before + 1);
    }

    @Test
    void afterSalesforcesRateLimitNoConnectionOfTheUserOnAnyInstanceCallsUntilTheWindowHasPassed() {
        SimUser user = newUser("limited@acme.example");
        List<String> ids = IntStream.range(0, 3).mapToObj(i -> register("limited-" + i, user, null)).toList();
        ApplicationContext other = env.anotherInstance();
        env.salesforce().settings().loginRatePerHour(2);
        try {
            TokenSet first = tokens(env.context()).tokenFor(ids.get(0), CALLER);
            tokens(other).tokenFor(ids.get(1), CALLER);
            assertThatThrownBy(() -> tokens(env.context()).tokenFor(ids.get(2), CALLER))
                    .isInstanceOfSatisfying(TokenUnavailableException.class, e -> {
                        assertThat(e.failure().failureClass()).isEqualTo(FailureClass.RATE_LIMITED);
                        assertThat(e.failure().salesforceError()).isEqualTo("invalid_grant");
                        assertThat(e.retryIn()).hasValueSatisfying(wait -> assertThat(wait)
                                .isBetween(LoginBudget.WINDOW.minusSeconds(10), LoginBudget.WINDOW));
                    });
            long afterRateLimit = tokenCalls(user);

            for (Duration later : List.of(Duration.ofMinutes(2), Duration.ofMinutes(30), Duration.ofMinutes(27))) {
                env.salesforce().clock().advance(later);
                for (ApplicationContext instance : List.of(env.context(), other)) {
                    assertThatThrownBy(() -> tokens(instance).tokenRejected(ids.get(0), CALLER, first.fingerprint()))
                            .isInstanceOfSatisfying(TokenUnavailableException.class,
                                    e -> assertThat(e.failure().failureClass()).isEqualTo(FailureClass.RATE_LIMITED));
                    assertThatThrownBy(() -> tokens(instance).tokenFor(ids.get(2), CALLER))
                            .isInstanceOf(TokenUnavailableException.class);
                }
            }
            assertThat(tokenCalls(user)).as("no call for the user within the window").isEqualTo(afterRateLimit);

            env.salesforce().clock().advance(Duration.ofMinutes(2));
            assertThat(tokens(other).tokenFor(ids.get(2), CALLER).isValidAt(env.salesforce().clock().instant())).isTrue();
            assertThat(tokenCalls(user)).isEqualTo(afterRateLimit + 1);
        } finally {
            env.salesforce().settings().loginRatePerHour(LoginBudget.SALESFORCE_LIMIT_PER_HOUR);
        }
    }

    private static APIGatewayV2HTTPResponse fetchThroughTheLambdaHandler(String connectionId, boolean rejected) throws Exception {
        APIGatewayV2HTTPEvent event = ApiGatewayEvents.recordedTokenRequest(env.context());
        String path = "/connections/" + connectionId + "/token" + (rejected ? "/rejected" : "");
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        if (rejected) {
            event.getRequestContext().getHttp().setMethod("POST");
            event.setHeaders(Map.of("content-type", "application/json"));
            event.setBody("{\"fingerprint\":\"" + store().find(connectionId).orElseThrow().token().fingerprint() + "\"}");
        }
        event.setPathParameters(Map.of("id", connectionId));
        return new APIGatewayV2HTTPEventFunction(env.context()).handleRequest(event, new MockLambdaContext());
    }

    private static SimUser newUser(String username) {
        SimUser user = env.org().addUser(username);
        env.app().preAuthorize(user);
        return user;
    }

    private static String register(String id, SimUser user, Integer budget) {
        return register(id, user, budget, null);
    }

    private static String register(String id, SimUser user, Integer budget, Duration sessionTimeout) {
        Connection connection = Connection.register(id, LoginHost.of(env.salesforce().baseUrl(), null), user.username(),
                BrokerEnvironment.CREDENTIALS_REF, Flow.JWT_BEARER, sessionTimeout, Set.of(BrokerEnvironment.INTEGRATION_ROLE))
                .withLoginBudgetPerHour(budget);
        assertThat(store().create(connection)).isTrue();
        return id;
    }

    /** Moves the shared clock just past the start of the next budget window, so a test's calls fall in one window. */
    private static void startOfNextWindow() {
        Instant now = env.salesforce().clock().instant();
        long window = LoginBudget.WINDOW.toMillis();
        Instant next = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), window) * window + window);
        env.salesforce().clock().advance(Duration.between(now, next).plusSeconds(1));
    }

    private static long tokenCalls(SimUser user) {
        return env.salesforce().counters().userCalls(user.username(), SimEndpoint.TOKEN);
    }

    private static TokenService tokens(ApplicationContext instance) {
        return instance.getBean(TokenService.class);
    }

    private static ConnectionStore store() {
        return env.context().getBean(ConnectionStore.class);
    }
}
