package dev.sfbroker.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sfbroker.access.Caller;
import dev.sfbroker.simulator.ConnectedAppKeys;
import dev.sfbroker.simulator.OAuthErrors;
import dev.sfbroker.simulator.SimConnectedApp;
import dev.sfbroker.simulator.SimEndpoint;
import dev.sfbroker.simulator.SimOrg;
import dev.sfbroker.simulator.SimUser;
import dev.sfbroker.testing.BrokerEnvironment;
import dev.sfbroker.testing.DynamoDbLocal;
import dev.sfbroker.testing.FunctionContextTest;
import dev.sfbroker.token.ConnectionState;
import dev.sfbroker.token.ConnectionStore;
import dev.sfbroker.token.Failure;
import dev.sfbroker.token.FailureClass;
import dev.sfbroker.token.GrantFailedException;
import dev.sfbroker.token.LoginHost;
import dev.sfbroker.token.TokenService;
import dev.sfbroker.token.TokenUnavailableException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JWT bearer error of, provoked in the simulator the way it happens in a
 * real org, reaches the broker's {@link ErrorCatalog} and is classified. Blocking classes stop all further
 * calls to Salesforce for the connection after the first one.
 */
@MicronautTest
class ErrorCatalogTest extends FunctionContextTest {
    private static final Caller CALLER = new Caller(BrokerEnvironment.INTEGRATION_ROLE);
    private static final AtomicInteger IDS = new AtomicInteger();
    ErrorCatalogTest() {
        super("development");
    }

    @AfterEach
    void restoreSalesforce() {
        env.salesforce().faults().clear();
        env.salesforce().settings().reset();
        env.salesforce().clock().reset();
    }

    /** How one connection is set up to fail, what Salesforce says, and how the broker classifies it. */
    record Case(Consumer<String> setUp, FailureClass expectedClass, String error, String description) {
    }

    Stream<Arguments> jwtErrors() {
        return Stream.of(
                named("user not pre-authorised and never approved", new Case(id -> {
                    String username = "unapproved" + id + "@acme.example";
                    env.org().addUser(username, "Standard User");
                    register(id, LoginHost.of(env.salesforce().baseUrl(), null), username, BrokerEnvironment.CREDENTIALS_REF);
                }, FailureClass.TERMINAL, "invalid_grant", "user hasn't approved this consumer")),
                named("sandbox audience for a production org", new Case(
                        id -> register(id, LoginHost.of(env.salesforce().baseUrl(), LoginHost.SANDBOX_AUDIENCE), env.user().username(),
                                BrokerEnvironment.CREDENTIALS_REF),
                        FailureClass.MISCONFIGURED, "invalid_grant", "audience is invalid")),
                named("signing key does not match the uploaded certificate", new Case(id -> {
                    env.writeSecret("wrong-key-" + id, env.app().consumerKey(), ConnectedAppKeys.generate().privateKeyPem());
                    register(id, defaultHost(), env.user().username(), "wrong-key-" + id);
                }, FailureClass.MISCONFIGURED, "invalid_grant", "invalid assertion")),
                named("assertion expired on arrival: broker clock behind", new Case(id -> {
                    register(id, defaultHost(), env.user().username(), BrokerEnvironment.CREDENTIALS_REF);
                    env.salesforce().clock().advance(Duration.ofMinutes(10));
                }, FailureClass.MISCONFIGURED, "invalid_grant", "expired authorization code")),
                named("unknown consumer key", new Case(id -> {
                    env.writeSecret("unknown-app-" + id, "3MVGunknownConsumerKey" + id, env.keys().privateKeyPem());
                    register(id, defaultHost(), env.user().username(), "unknown-app-" + id);
                }, FailureClass.MISCONFIGURED, "invalid_client_id", "client identifier invalid")),
                named("login rate exceeded", new Case(id -> {
                    env.salesforce().settings().loginRatePerHour(0);
                    registerForOwnUser(id);
                }, FailureClass.RATE_LIMITED, "invalid_grant", "login rate exceeded")),
                named("IP range or login hours restriction", new Case(id -> {
                    String username = "restricted" + id + "@acme.example";
                    env.app().preAuthorize(env.org().addUser(username).ipRestricted(true));
                    register(id, defaultHost(), username, BrokerEnvironment.CREDENTIALS_REF);
                }, FailureClass.MISCONFIGURED, "invalid_grant", "IP restricted or invalid login hours")),
                named("inactive user", new Case(id -> {
                    String username = "inactive" + id + "@acme.example";
                    env.app().preAuthorize(env.org().addUser(username).active(false));
                    register(id, defaultHost(), username, BrokerEnvironment.CREDENTIALS_REF);
                }, FailureClass.TERMINAL, "inactive_user", null)),
                named("org locked, closed or suspended", new Case(id -> {
                    SimOrg locked = env.salesforce().addOrg("locked-" + id);
                    registerWithOwnApp(id, locked, locked.addUser("integration@locked" + id + ".example"));
                    locked.active(false);
                }, FailureClass.TERMINAL, "inactive_org", null)),
                named("admin-approved app, user not assigned, OAUTH_APP_ACCESS_DENIED variant", new Case(id -> {
                    String username = "unassigned" + id + "@acme.example";
                    env.org().addUser(username, "Standard User");
                    env.salesforce().settings().notAdminApprovedError(OAuthErrors.OAUTH_APP_ACCESS_DENIED);
                    register(id, defaultHost(), username, BrokerEnvironment.CREDENTIALS_REF);
                }, FailureClass.TERMINAL, "OAUTH_APP_ACCESS_DENIED", "user is not admin approved to access this app")),
                named("external client app not installed in the user's org", new Case(id -> {
                    SimConnectedApp eca = env.org().addConnectedApp("ECA " + id, env.keys().certificatePem()).externalClientApp(true);
                    SimOrg other = env.salesforce().addOrg("other-" + id);
                    SimUser user = other.addUser("integration@other" + id + ".example");
                    eca.preAuthorize(user);
                    env.writeSecret("eca-" + id, eca.consumerKey(), env.keys().privateKeyPem());
                    register(id, defaultHost(), user.username(), "eca-" + id);
                }, FailureClass.MISCONFIGURED, "OAUTH_EC_APP_NOT_FOUND", "External client app is not installed in this org")),
                named("login rate exceeded, rate_limit_exceeded variant", new Case(id -> {
                    env.salesforce().settings().loginRatePerHour(0).loginRateExceededError(OAuthErrors.RATE_LIMIT_EXCEEDED);
                    registerForOwnUser(id);
                }, FailureClass.RATE_LIMITED, "rate_limit_exceeded", null)),
                named("unknown user", new Case(
                        id -> register(id, defaultHost(), "nobody" + id + "@acme.example", BrokerEnvironment.CREDENTIALS_REF),
                        FailureClass.TERMINAL, "invalid_grant", "user hasn't approved this consumer")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jwtErrors")
    void jwtErrorIsClassifiedAndBlockingClassesStopCallingSalesforce(Case failing) {
        String id = "failing-" + IDS.incrementAndGet();
        failing.setUp().accept(id);
        long before = env.salesforce().counters().jwtBearerCalls();

        Failure failure = catchThrowableOfType(TokenUnavailableException.class, () -> tokens().tokenFor(id, CALLER)).failure();

        assertThat(failure.failureClass()).isEqualTo(failing.expectedClass());
        assertThat(failure.salesforceError()).isEqualTo(failing.error());
        if (failing.description() != null) {
            assertThat(failure.salesforceDescription()).isEqualTo(failing.description());
        }
        assertThat(failure.cause()).isNotBlank();
        assertThat(failure.fix()).isNotBlank();
        assertThat(env.salesforce().counters().jwtBearerCalls() - before).isEqualTo(1);

        var stored = context.getBean(ConnectionStore.class).find(id).orElseThrow();
        ConnectionState blockedAs = failing.expectedClass().blocksConnectionAs();
        if (blockedAs != null) {
            assertThat(stored.state()).isEqualTo(blockedAs);
            assertThat(stored.lastFailure()).usingRecursiveComparison().ignoringFields("at").isEqualTo(failure);
            assertThatThrownBy(() -> tokens().tokenFor(id, CALLER)).isInstanceOf(TokenUnavailableException.class);
            assertThat(env.salesforce().counters().jwtBearerCalls() - before).as("calls after the first failure").isEqualTo(1);
        } else {
            assertThat(stored.state()).isEqualTo(ConnectionState.ACTIVE);
        }
    }

    @Test
    void unsupportedGrantTypeIsAMisconfiguration() {
        OAuthClient client = context.getBean(OAuthClient.class);
        // what a login host that is no Salesforce token endpoint (or one without this grant) answers
        env.salesforce().faults().on(SimEndpoint.TOKEN).once().failWith(400, "application/json;charset=UTF-8",
                "{\"error\":\"unsupported_grant_type\",\"error_description\":\"grant type not supported\"}");

        Failure failure = catchThrowableOfType(GrantFailedException.class, () -> client.requestToken(
                defaultHost().tokenEndpoint(), GrantType.JWT_BEARER, Map.of("assertion", "x"))).failure();

        assertThat(failure.failureClass()).isEqualTo(FailureClass.MISCONFIGURED);
        assertThat(failure.salesforceError()).isEqualTo("unsupported_grant_type");
        assertThat(failure.salesforceDescription()).isEqualTo("grant type not supported");
    }

    /**
     * Salesforce refuses a token request while another with the same refresh token (or code) is in processing; before
     * Winter '25 it said so as {@code expired authorization code}, which on a JWT login means the assertion expired.
     */
    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource({
            "REFRESH_TOKEN, token request is already being processed, OUTCOME_UNKNOWN",
            "REFRESH_TOKEN, expired authorization code, OUTCOME_UNKNOWN",
            "AUTHORIZATION_CODE, token request is already being processed, OUTCOME_UNKNOWN",
            "AUTHORIZATION_CODE, expired authorization code, OUTCOME_UNKNOWN",
            "JWT_BEARER, token request is already being processed, OUTCOME_UNKNOWN",
            "JWT_BEARER, expired authorization code, MISCONFIGURED"})
    void anotherRequestInFlightIsNoVerdictOnTheGrant(GrantType grant, String description, FailureClass expected) {
        Failure failure = ErrorCatalog.classify(grant, "invalid_grant", description, Instant.now());

        assertThat(failure.failureClass()).isEqualTo(expected);
        assertThat(failure.cause()).contains(expected == FailureClass.MISCONFIGURED ? "clock" : "still being processed");
    }

    @Test
    void unreachableLoginHostIsTransientAndLeavesTheConnectionActive() {
        String id = "unreachable-" + IDS.incrementAndGet();
        register(id, LoginHost.of("http://127.0.0.1:" + DynamoDbLocal.freePort(), null), env.user().username(),
                BrokerEnvironment.CREDENTIALS_REF);

        Failure failure = catchThrowableOfType(TokenUnavailableException.class, () -> tokens().tokenFor(id, CALLER)).failure();

        assertThat(failure.failureClass()).isEqualTo(FailureClass.TRANSIENT);
        assertThat(context.getBean(ConnectionStore.class).find(id).orElseThrow().state()).isEqualTo(ConnectionState.ACTIVE);
    }

    private TokenService tokens() {
        return context.getBean(TokenService.class);
    }

    private LoginHost defaultHost() {
        return LoginHost.of(env.salesforce().baseUrl(), null);
    }

    private void register(String id, LoginHost host, String username, String credentialsRef) {
        env.register(id, host, username, credentialsRef);
    }

    /** A connection of a user of its own: after Salesforce's rate limit the broker leaves the whole user alone for an hour. */
    private void registerForOwnUser(String id) {
        String username = "limited" + id + "@acme.example";
        env.app().preAuthorize(env.org().addUser(username));
        register(id, defaultHost(), username, BrokerEnvironment.CREDENTIALS_REF);
    }

    /** A connection through a connected app of {@code org}, trusted with the environment's key. */
    private void registerWithOwnApp(String id, SimOrg org, SimUser user) {
        SimConnectedApp app = org.addConnectedApp("Token Broker " + id, env.keys().certificatePem()).preAuthorize(user);
        env.writeSecret("app-" + id, app.consumerKey(), env.keys().privateKeyPem());
        register(id, defaultHost(), user.username(), "app-" + id);
    }

    private static Arguments named(String name, Case failing) {
        return Arguments.of(Named.of(name, failing));
    }
}
