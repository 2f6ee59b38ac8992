package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /__sim/connected-apps/{consumerKey}/users/{username}/grants} (issue 10): a user's approvals of
 * an app with their state and why they ended, so a harness outside the JVM can see a replay; never a token.
 */
class GrantViewTest extends GrantTestBase {

    private JsonNode grantsOf(SimUser owner) {
        return control(200, "GET", "connected-apps/" + app.consumerKey() + "/users/" + owner.username() + "/grants", null);
    }

    // the replay of a rotated-out refresh token shows as a revoked grant, reason REFRESH_TOKEN_REUSED
    @Test
    void replayedRefreshTokenShowsAsAGrantRevokedForReuse() {
        app.refreshTokenRotation(true);
        Tokens tokens = connect();
        JsonNode refreshed = refreshed(tokens.refreshToken());
        String current = refreshed.get("refresh_token").asText();
        SimGrant grant = sim.grant(current).orElseThrow();
        refresh(tokens.refreshToken());

        HttpResponse<String> response = control("GET", "connected-apps/" + app.consumerKey() + "/users/"
                + user.username() + "/grants", null);
        JsonNode grants = json(response);

        assertThat(grants).hasSize(1);
        JsonNode view = grants.get(0);
        assertThat(view.get("id").asLong()).isEqualTo(grant.id());
        assertThat(view.get("state").asText()).isEqualTo("REVOKED");
        assertThat(view.get("revocation").asText()).isEqualTo("REFRESH_TOKEN_REUSED");
        assertThat(view.get("refreshTokenFingerprint").asText()).isEqualTo(sha256Prefix(current));
        assertThat(view.get("useCount").asLong()).isEqualTo(1);
        assertThat(view.get("liveSessions").asInt()).isZero();
        assertThat(response.body()).doesNotContain(tokens.refreshToken(), current, tokens.accessToken(),
                refreshed.get("access_token").asText(), grant.deleteToken());
    }

    // a live grant's fields, in this order; the refresh token only as the first 16 hex characters of its SHA-256
    @Test
    void liveGrantShowsItsUseWithoutItsToken() {
        sim.clock().freeze();
        app.refreshTokenPolicy(RefreshTokenPolicy.inactivity(Duration.ofDays(30)));
        Tokens tokens = connect();
        sim.clock().advance(Duration.ofHours(1));
        refreshed(tokens.refreshToken());
        SimGrant grant = sim.grant(tokens.refreshToken()).orElseThrow();

        JsonNode view = grantsOf(user).get(0);

        assertThat(view.fieldNames()).toIterable().containsExactly("id", "grantType", "scopes", "state", "revocation",
                "refreshTokenFingerprint", "createdDate", "lastUsedDate", "useCount", "refreshTokenExpiresAt", "liveSessions");
        assertThat(view.get("grantType").asText()).isEqualTo("authorization_code");
        assertThat(texts(view.get("scopes"))).containsExactly("api", "refresh_token");
        assertThat(view.get("state").asText()).isEqualTo("LIVE");
        assertThat(view.get("revocation").isNull()).isTrue();
        assertThat(view.get("refreshTokenFingerprint").asText()).isEqualTo(sha256Prefix(tokens.refreshToken()));
        assertThat(view.get("createdDate").asText()).isEqualTo(grant.createdDate().toString());
        assertThat(view.get("lastUsedDate").asText()).isEqualTo(grant.createdDate().plus(Duration.ofHours(1)).toString());
        assertThat(view.get("refreshTokenExpiresAt").asText())
                .isEqualTo(grant.lastUsedDate().plus(Duration.ofDays(30)).toString());
        assertThat(view.get("liveSessions").asInt()).isEqualTo(2);
    }

    // a refresh token the app's policy refuses now is EXPIRED, though nothing revoked it yet
    @Test
    void refreshTokenPastItsPolicyIsExpired() {
        sim.clock().freeze();
        app.refreshTokenPolicy(RefreshTokenPolicy.lifetime(Duration.ofHours(2)));
        connect();
        sim.clock().advance(Duration.ofHours(3));

        JsonNode view = grantsOf(user).get(0);

        assertThat(view.get("state").asText()).isEqualTo("EXPIRED");
        assertThat(view.get("revocation").isNull()).isTrue();
    }

    // an evicted and a revoked grant stay in the view beside the live one, oldest first
    @Test
    void evictedAndRevokedGrantsStayInTheViewOldestFirst() {
        sim.settings().maxApprovalsPerUserPerApp(2);
        connect();
        Tokens second = connect();
        connect();
        assertThat(revoke(second.refreshToken()).statusCode()).isEqualTo(200);

        JsonNode grants = grantsOf(user);

        assertThat(StreamSupport.stream(grants.spliterator(), false).map(g -> g.get("revocation").asText(null)))
                .containsExactly("EVICTED", "REVOKED", null);
        assertThat(StreamSupport.stream(grants.spliterator(), false).map(g -> g.get("state").asText()))
                .containsExactly("REVOKED", "REVOKED", "LIVE");
        assertThat(StreamSupport.stream(grants.spliterator(), false).map(g -> g.get("id").asLong())).isSorted();
        assertThat(sim.grantHistory(user, app)).extracting(SimGrant::id)
                .containsExactlyElementsOf(StreamSupport.stream(grants.spliterator(), false).map(g -> g.get("id").asLong()).toList());
        assertThat(sim.grants(user, app)).hasSize(1);
    }

    // a user without grants has an empty list; an unknown app or user is a 404
    @Test
    void unknownAppOrUserIsNotFound() {
        assertThat(grantsOf(user)).isEmpty();
        control(404, "GET", "connected-apps/3MVG9nope/users/" + user.username() + "/grants", null);
        control(404, "GET", "connected-apps/" + app.consumerKey() + "/users/nobody@acme.example/grants", null);
        control(405, "POST", "connected-apps/" + app.consumerKey() + "/users/" + user.username() + "/grants", null);
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static String sha256Prefix(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
