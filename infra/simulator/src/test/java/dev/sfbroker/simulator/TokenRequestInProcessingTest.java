package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second token request with the same refresh token while the first is still
 * being processed is refused with {@code token request is already being processed} and not applied; the
 * first goes on and may rotate. The first request is slowed by a latency fault, which it spends in processing.
 */
class TokenRequestInProcessingTest extends GrantTestBase {

    private static final Duration SLOW = Duration.ofSeconds(1);
    private static final String IN_PROCESSING =
            "{\"error\":\"invalid_grant\",\"error_description\":\"token request is already being processed\"}";
    private static final String EXPIRED_CODE =
            "{\"error\":\"invalid_grant\",\"error_description\":\"expired authorization code\"}";

    // the duplicate is refused, the first rotates; the grant survives with the first's new token
    @Test
    void secondRefreshWithTheSameTokenWhileTheFirstIsInProcessingIsRefused() {
        app.refreshTokenRotation(true);
        Tokens tokens = connect();
        SimGrant grant = sim.grant(tokens.refreshToken()).orElseThrow();
        CompletableFuture<HttpResponse<String>> first = slowInProcessing(refreshForm(tokens.refreshToken()));

        HttpResponse<String> second = refresh(tokens.refreshToken());

        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(second.body()).isEqualTo(IN_PROCESSING);
        assertThat(second.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
        assertThat(first).as("the first is still in processing").isNotDone();

        HttpResponse<String> answered = first.join();
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        String rotated = json(answered).get("refresh_token").asText();
        assertThat(grant.revocation()).as("the duplicate was not a reuse").isEmpty();
        assertThat(grant.refreshToken()).hasValue(rotated);
        assertThat(grant.useCount()).as("only the first was applied").isEqualTo(1);
        assertThat(sim.liveSessions()).hasSize(2);
    }

    // before Winter '25 the same condition answered expired authorization code
    @Test
    void olderDescriptionIsASetting() {
        sim.settings().tokenRequestInProcessingError(OAuthErrors.EXPIRED_AUTHORIZATION_CODE);
        Tokens tokens = connect();
        CompletableFuture<HttpResponse<String>> first = slowInProcessing(refreshForm(tokens.refreshToken()));

        HttpResponse<String> second = refresh(tokens.refreshToken());

        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(second.body()).isEqualTo(EXPIRED_CODE);
        assertThat(first.join().statusCode()).isEqualTo(200);
    }

    // 5 (UNCERTAIN): locked per connected app, another refresh token of the same app is refused too
    @Test
    void perAppLockRefusesAnotherTokenOfTheSameApp() {
        sim.settings().tokenRequestLock(TokenRequestLock.PER_CONNECTED_APP);
        Tokens one = connect();
        Tokens other = connect();
        CompletableFuture<HttpResponse<String>> first = slowInProcessing(refreshForm(one.refreshToken()));

        HttpResponse<String> second = refresh(other.refreshToken());

        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(second.body()).isEqualTo(IN_PROCESSING);
        assertThat(first.join().statusCode()).isEqualTo(200);
        assertThat(sim.grant(other.refreshToken()).orElseThrow().useCount()).isZero();
    }

    // locked per token (the default), another refresh token of the same app goes through meanwhile
    @Test
    void perTokenLockLetsAnotherTokenOfTheSameAppThrough() {
        Tokens one = connect();
        Tokens other = connect();
        CompletableFuture<HttpResponse<String>> first = slowInProcessing(refreshForm(one.refreshToken()));

        assertThat(refresh(other.refreshToken()).statusCode()).isEqualTo(200);
        assertThat(first).isNotDone();
        assertThat(first.join().statusCode()).isEqualTo(200);
    }

    // the lock lasts until the answer: then the same refresh token works again (no rotation)
    @Test
    void lockEndsWithTheAnswer() {
        Tokens tokens = connect();
        CompletableFuture<HttpResponse<String>> first = slowInProcessing(refreshForm(tokens.refreshToken()));
        assertThat(first.join().statusCode()).isEqualTo(200);

        assertThat(refresh(tokens.refreshToken()).statusCode()).isEqualTo(200);
    }

    // the same for a code exchange: the duplicate does not use the code up, the first gets the tokens
    @Test
    void secondExchangeOfTheSameCodeWhileTheFirstIsInProcessingIsRefused() {
        String code = authorizationCode();
        CompletableFuture<HttpResponse<String>> first = slowInProcessing(codeExchange(code));

        HttpResponse<String> second = postForm(codeExchange(code));

        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(second.body()).isEqualTo(IN_PROCESSING);
        HttpResponse<String> answered = first.join();
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(json(answered).has("refresh_token")).isTrue();
        assertThat(sim.grants(user, app)).hasSize(1);
    }

    // both settings over HTTP, with their defaults
    @Test
    void settingsAreReadableAndChangeableOverHttp() {
        JsonNode defaults = control(200, "GET", "settings", null);
        assertThat(defaults.get("tokenRequestLock").asText()).isEqualTo("PER_TOKEN");
        assertThat(defaults.get("tokenRequestInProcessingError").get("description").asText())
                .isEqualTo("token request is already being processed");

        control(200, "PATCH", "settings", "{\"tokenRequestLock\":\"PER_CONNECTED_APP\",\"tokenRequestInProcessingError\":"
                + "{\"error\":\"invalid_grant\",\"description\":\"expired authorization code\"}}");

        assertThat(sim.settings().tokenRequestLock()).isEqualTo(TokenRequestLock.PER_CONNECTED_APP);
        assertThat(sim.settings().tokenRequestInProcessingError()).isEqualTo(OAuthErrors.EXPIRED_AUTHORIZATION_CODE);
        assertBadRequest("field 'tokenRequestLock' must be one of", "PATCH", "settings", "{\"tokenRequestLock\":\"PER_USER\"}");
    }

    /** Sends the token request slowed by a latency fault; returns once it is counted, so in processing. */
    private CompletableFuture<HttpResponse<String>> slowInProcessing(Map<String, String> form) {
        String grantType = form.get("grant_type");
        long before = sim.counters().tokenCalls(grantType);
        sim.faults().on(SimEndpoint.TOKEN).once().latency(SLOW);
        CompletableFuture<HttpResponse<String>> call = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(sim.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form))).build(), HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (sim.counters().tokenCalls(grantType) == before) {
            assertThat(System.nanoTime()).as("the slow request arrives").isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
        return call;
    }
}
