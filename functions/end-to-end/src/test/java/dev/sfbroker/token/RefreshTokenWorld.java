package dev.sfbroker.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.access.Caller;
import dev.sfbroker.simulator.SimConnectedApp;
import dev.sfbroker.simulator.SimGrant;
import dev.sfbroker.simulator.SimUser;
import dev.sfbroker.testing.BrokerEnvironment;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A refresh-token connection in a broker world: its own connected app in the simulator (rotation on or off), the app's
 * secret, and the registered connection, onboarded through the web-server flow as the integration user would.
 */
record RefreshTokenWorld(BrokerEnvironment env, String id, SimConnectedApp app, SimUser user) {
    static final URI CALLBACK = URI.create("https://broker.example/oauth/callback");
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Registers a new connection of the integration user with a connected app of its own. */
    static RefreshTokenWorld register(BrokerEnvironment env, boolean rotation) {
        return register(env, rotation, env.user());
    }

    /** Registers a new connection of {@code user} with a connected app of its own. */
    static RefreshTokenWorld register(BrokerEnvironment env, boolean rotation, SimUser user) {
        String id = "refresh-" + IDS.incrementAndGet();
        SimConnectedApp app = env.org().addConnectedApp("Refresh App " + id)
                .callbackUrl(CALLBACK.toString())
                .refreshTokenRotation(rotation)
                .authorizeAs(user);
        env.writeClientSecret("apps/" + id, app.consumerKey(), app.consumerSecret());
        Connection connection = Connection.register(id, LoginHost.of(env.salesforce().baseUrl(), null), user.username(),
                "apps/" + id, Flow.REFRESH_TOKEN, null, Set.of(BrokerEnvironment.INTEGRATION_ROLE));
        assertThat(env.context().getBean(ConnectionStore.class).create(connection)).isTrue();
        return new RefreshTokenWorld(env, id, app, user);
    }

    /** The integration user opens the authorisation URL; Salesforce redirects to the callback. */
    TokenSet authorise() throws Exception {
        Onboarding onboarding = env.context().getBean(Onboarding.class);
        Map<String, String> callback = approve(onboarding.begin(id, CALLBACK, "arn:aws:iam::123456789012:role/ops", false));
        return onboarding.complete(callback.get("state"), callback.get("code"), CALLBACK);
    }

    /** The integration user approves at the authorisation URL; returns the callback's query (code and state). */
    static Map<String, String> approve(Onboarding.Started started) throws Exception {
        HttpResponse<String> redirect = HTTP.send(HttpRequest.newBuilder(started.authorizeUrl()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
        return query(URI.create(redirect.headers().firstValue("location").orElseThrow()));
    }

    /**
     * Another approval of this connection's app by the same user, made by a client other than the broker (another tool):
     * a grant the broker does not hold. Answers nothing; the grant shows in {@link #grants()}.
     */
    void approveElsewhere() {
        env.approveOutsideTheBroker(app, CALLBACK.toString());
    }

    /** A new user of the org, whom the broker has no connection for, approves this connection's app elsewhere; returns the user. */
    SimUser approveElsewhereAsANewUser() {
        SimUser stranger = env.org().addUser("stranger" + IDS.incrementAndGet() + "@acme.example");
        app.authorizeAs(stranger);
        approveElsewhere();
        return stranger;
    }

    /** The app's secret gives its API name too ({@code connected_app}), as make-jwt-key.sh writes it. */
    void nameTheAppInItsSecret() {
        env.writeNamedClientSecret("apps/" + id, app);
    }

    /** A JWT connection of a new admin of the org ("Customize Application"), with a valid access token; returns its id. */
    static String adminConnection(BrokerEnvironment env) {
        SimUser admin = env.org().addUser("admin" + IDS.incrementAndGet() + "@acme.example").customizeApplication(true);
        env.app().preAuthorize(admin);
        String id = "admin-" + IDS.incrementAndGet();
        env.register(id, LoginHost.of(env.salesforce().baseUrl(), null), admin.username(), BrokerEnvironment.CREDENTIALS_REF);
        env.context().getBean(TokenService.class).tokenFor(id, new Caller(BrokerEnvironment.INTEGRATION_ROLE));
        return id;
    }

    /** Renews the connection now, as the schedule does. */
    TokenSet renewOnce() {
        Connection read = env.context().getBean(ConnectionStore.class).find(id).orElseThrow();
        return switch (env.context().getBean(Renewer.class).renew(read, AuditEvent.SCHEDULE)) {
            case Renewer.Outcome.Renewed renewed -> renewed.token();
            case Renewer.Outcome.Failed failed -> throw new TokenUnavailableException(id, failed.failure());
            case Renewer.Outcome.Busy busy -> throw new IllegalStateException("another renewal holds connection " + id);
        };
    }

    /** The user's grants of this connection's app at Salesforce, live and revoked. */
    List<SimGrant> grants() {
        return env.salesforce().grants(user, app);
    }

    SimGrant liveGrant() {
        return grants().stream().filter(grant -> !grant.isRevoked()).findFirst().orElseThrow();
    }

    private static Map<String, String> query(URI uri) {
        return Arrays.stream(uri.getRawQuery().split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
    }
}
