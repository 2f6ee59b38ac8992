package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sfbroker.simulator.IpRelaxation;
import dev.sfbroker.simulator.RefreshTokenPolicy;
import dev.sfbroker.testing.BrokerEnvironment;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refresh-token failure the error catalog names, provoked in the simulator the way it happens in a real org, on a
 * connection onboarded through the web-server flow: classified with a cause and fix written for the refresh flow (never
 * the JWT one's key, certificate or assertion), blocking on first sight where the class says so, and no second call.
 */
class RefreshErrorCatalogTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final BrokerEnvironment env = BrokerEnvironment.withContext("development");

    /** How one onboarded connection is made to fail, how the world is put back, and what the broker should say. */
    record Case(Provocation provoke, Provocation restore, FailureClass expectedClass, String error, String description) {
    }

    interface Provocation {
        void on(RefreshTokenWorld world) throws Exception;
    }

    static Stream<Arguments> refreshErrors() {
        Provocation nothing = world -> { };
        return Stream.of(
                named("refresh token policy: expire immediately", new Case(
                        world -> world.app().refreshTokenPolicy(RefreshTokenPolicy.zero()), nothing,
                        FailureClass.TERMINAL, "invalid_grant", "expired access/refresh token")),
                named("grant revoked by a user or admin", new Case(world -> world.liveGrant().revoke(), nothing,
                        FailureClass.TERMINAL, "invalid_grant", "expired access/refresh token")),
                named("rotated token reused by another client sharing the grant", new Case(RefreshErrorCatalogTest::refreshAsAnotherClient,
                        nothing, FailureClass.TERMINAL, "invalid_grant", "expired access/refresh token")),
                named("consumer secret regenerated", new Case(
                        world -> env.writeClientSecret("apps/" + world.id(), world.app().consumerKey(), "not-the-consumer-secret"), nothing,
                        FailureClass.MISCONFIGURED, "invalid_client", "invalid client credentials")),
                named("consumer key of no app", new Case(
                        world -> env.writeClientSecret("apps/" + world.id(), "3MVGunknownConsumerKey", world.app().consumerSecret()), nothing,
                        FailureClass.MISCONFIGURED, "invalid_client_id", "client identifier invalid")),
                named("user frozen or deactivated", new Case(world -> env.user().active(false), world -> env.user().active(true),
                        FailureClass.TERMINAL, "inactive_user", null)),
                named("org locked", new Case(world -> env.org().active(false), world -> env.org().active(true),
                        FailureClass.TERMINAL, "inactive_org", null)),
                named("IP restrictions enforced on refresh", new Case(world -> {
                    world.app().ipRelaxation(IpRelaxation.ENFORCE);
                    env.user().ipRestricted(true);
                }, world -> env.user().ipRestricted(false), FailureClass.MISCONFIGURED, "invalid_grant", "IP restricted or invalid login hours")),
                named("connected app blocked by an admin", new Case(world -> world.app().blocked(true), nothing,
                        FailureClass.MISCONFIGURED, "OAUTH_APP_BLOCKED", null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refreshErrors")
    void eachRefreshFailureIsClassifiedForTheRefreshFlow(Case failing) throws Exception {
        RefreshTokenWorld world = RefreshTokenWorld.register(env, true);
        world.authorise();
        failing.provoke().on(world);
        long before = env.salesforce().counters().refreshTokenCalls();
        Failure failure;
        try {
            failure = catchThrowableOfType(TokenUnavailableException.class, world::renewOnce).failure();
        } finally {
            failing.restore().on(world);
        }

        assertThat(failure.failureClass()).isEqualTo(failing.expectedClass());
        assertThat(failure.salesforceError()).isEqualTo(failing.error());
        if (failing.description() != null) {
            assertThat(failure.salesforceDescription()).isEqualTo(failing.description());
        }
        assertThat(failure.cause() + " " + failure.fix()).as("written for the refresh flow")
                .doesNotContainIgnoringCase("assertion").doesNotContainIgnoringCase("certificate").doesNotContain("JWT")
                .doesNotContain("private key");
        assertThat(failure.fix()).contains("/ops/connections/{id}/");
        assertThat(env.salesforce().counters().refreshTokenCalls() - before).isEqualTo(1);
        Connection stored = env.context().getBean(ConnectionStore.class).find(world.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(failing.expectedClass().blocksConnectionAs());
        assertThat(catchThrowableOfType(TokenUnavailableException.class, world::renewOnce)).isNotNull();
        assertThat(env.salesforce().counters().refreshTokenCalls() - before).as("calls after the first failure").isEqualTo(1);
    }

    /** Another client holding the same grant refreshes first; with rotation the broker's refresh token is then a reuse. */
    private static void refreshAsAnotherClient(RefreshTokenWorld world) throws Exception {
        String form = "grant_type=refresh_token&client_id=" + enc(world.app().consumerKey()) + "&client_secret="
                + enc(world.app().consumerSecret()) + "&refresh_token=" + enc(world.liveGrant().refreshToken().orElseThrow());
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(env.salesforce().tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Arguments named(String name, Case failing) {
        return Arguments.of(Named.of(name, failing));
    }
}
