package dev.sfbroker.simulator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ("a response lost after the token was issued") with refresh token rotation:
 * the refresh is applied, so the client's refresh token is already retired when the answer is lost.
 */
class LostRefreshResponseTest extends GrantTestBase {

    // the lost refresh really rotated the token; the client, which never saw the new one, retries
    // with the old one, and that reuse revokes the whole grant
    @Test
    void lostRefreshResponseRotatedTheTokenAndTheRetryRevokesTheGrant() {
        app.refreshTokenRotation(true);
        Tokens tokens = connect();
        SimGrant grant = sim.grant(tokens.refreshToken()).orElseThrow();
        sim.faults().on(SimEndpoint.TOKEN).once().loseResponseAfterApply();

        assertThrows(IOException.class, () -> postOnFreshClient(formBody(refreshForm(tokens.refreshToken()))));
        assertNotEquals(tokens.refreshToken(), grant.refreshToken().orElseThrow(), "rotated although the answer was lost");
        assertEquals(1, sim.counters().tokenCalls("refresh_token"));

        assertOAuthError(OAuthErrors.EXPIRED_REFRESH_TOKEN, refresh(tokens.refreshToken()));
        assertTrue(grant.isRevoked());
        assertEquals(SimGrant.Revocation.REFRESH_TOKEN_REUSED, grant.revocation().orElseThrow());
    }

    private HttpResponse<String> postOnFreshClient(String form) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(sim.tokenUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
