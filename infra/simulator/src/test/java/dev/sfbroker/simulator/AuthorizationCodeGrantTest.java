package dev.sfbroker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The authorize endpoint and the authorization_code grant with PKCE. */
class AuthorizationCodeGrantTest extends GrantTestBase {

    private static final String VERIFIER = "dBjftJeZ4CVP-mJ92K9RqzYd2XqPIdOL3ymN7EhNjQk_verifier";

    // the user approves and the browser goes to redirect_uri with code and state
    @Test
    void authorizeRedirectsToTheCallbackWithCodeAndState() {
        Map<String, String> params = redirectParams(authorize(authorizeQuery()));
        assertTrue(params.get("code").startsWith("aPrx"), "a code shaped like Salesforce's");
        assertEquals("xyz 123", params.get("state"));
        assertEquals(1, sim.counters().calls(SimEndpoint.AUTHORIZE));
    }

    // a callback URL with its own query keeps it; the code is appended
    @Test
    void callbackWithAQueryGetsTheCodeAppended() {
        app.callbackUrl(CALLBACK + "?tenant=7");
        Map<String, String> query = authorizeQuery();
        query.put("redirect_uri", CALLBACK + "?tenant=7");
        String location = authorize(query).headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(CALLBACK + "?tenant=7&code=aPrx"), location);
    }

    // access and refresh token, no expires_in; the grant is an approval holding the session
    @Test
    void codeExchangeIssuesAccessAndRefreshTokensAndAnApproval() {
        HttpResponse<String> response = postForm(codeExchange(authorizationCode()));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(Http.NO_STORE, response.headers().firstValue("Cache-Control").orElseThrow());
        JsonNode body = json(response);
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("access_token", "refresh_token", "scope", "instance_url", "id", "token_type", "issued_at",
                "signature"), fields);
        assertTrue(body.get("refresh_token").asText().startsWith("5Aep861"));
        assertEquals("api refresh_token", body.get("scope").asText());
        assertEquals(TokenResponses.signature(app.consumerSecret(), body.get("id").asText(), body.get("issued_at").asText()),
                body.get("signature").asText());
        String accessToken = body.get("access_token").asText();
        assertEquals(200, restStatus(accessToken));

        SimGrant grant = sim.grants(user, app).getFirst();
        assertEquals(body.get("refresh_token").asText(), grant.refreshToken().orElseThrow());
        assertEquals(grant, sim.session(accessToken).orElseThrow().grant().orElseThrow());
        assertEquals("authorization_code", grant.grantType());
        assertEquals(0, grant.useCount());
    }

    // without refresh_token / offline_access in the scopes there is no refresh token and no approval
    @Test
    void noRefreshTokenWithoutTheRefreshScope() {
        Map<String, String> query = authorizeQuery();
        query.put("scope", "api");
        JsonNode body = json(postForm(codeExchange(authorizationCode(query))));
        assertEquals("api", body.get("scope").asText());
        assertFalse(body.has("refresh_token"));
        assertTrue(sim.grants(user, app).isEmpty());
        assertTrue(sim.session(body.get("access_token").asText()).orElseThrow().grant().isEmpty());
    }

    // RefreshToken ≡ OfflineAccess
    @Test
    void offlineAccessScopeGetsARefreshToken() {
        Map<String, String> query = authorizeQuery();
        query.put("scope", "api offline_access");
        JsonNode body = json(postForm(codeExchange(authorizationCode(query))));
        assertEquals("api offline_access", body.get("scope").asText());
        assertTrue(body.has("refresh_token"));
    }

    // a code works once
    @Test
    void codeIsSingleUse() {
        String code = authorizationCode();
        assertEquals(200, postForm(codeExchange(code)).statusCode());
        assertOAuthError(OAuthErrors.INVALID_AUTHORIZATION_CODE, postForm(codeExchange(code)));
    }

    // an unknown code
    @Test
    void unknownCodeIsInvalid() {
        assertOAuthError(OAuthErrors.INVALID_AUTHORIZATION_CODE, postForm(codeExchange("aPrxnotacode")));
    }

    // an old code is expired (15 minutes by default, UNCERTAIN)
    @Test
    void codeExpiresAfterItsTtl() {
        String code = authorizationCode();
        sim.clock().advance(Duration.ofMinutes(15));
        assertOAuthError(OAuthErrors.EXPIRED_AUTHORIZATION_CODE, postForm(codeExchange(code)));
    }

    // the code's lifetime is a setting
    @Test
    void codeTtlIsASetting() {
        sim.settings().authorizationCodeTtl(Duration.ofMinutes(1));
        String code = authorizationCode();
        sim.clock().advance(Duration.ofSeconds(61));
        assertOAuthError(OAuthErrors.EXPIRED_AUTHORIZATION_CODE, postForm(codeExchange(code)));
    }

    // redirect_uri at the exchange must be the one the code was issued for
    @Test
    void redirectUriMustMatchAtTheExchange() {
        Map<String, String> form = codeExchange(authorizationCode());
        form.put("redirect_uri", "https://evil.example/cb");
        assertOAuthError(OAuthErrors.REDIRECT_URI_MISMATCH, postForm(form));
    }

    // wrong or missing client secret
    @Test
    void wrongOrMissingClientSecretIsInvalidClient() {
        Map<String, String> form = codeExchange(authorizationCode());
        form.put("client_secret", "WRONG");
        assertOAuthError(OAuthErrors.INVALID_CLIENT, postForm(form));
        form = codeExchange(authorizationCode());
        form.remove("client_secret");
        assertOAuthError(OAuthErrors.INVALID_CLIENT, postForm(form));
    }

    // unknown client_id
    @Test
    void unknownClientIdIsInvalidClientId() {
        Map<String, String> form = codeExchange(authorizationCode());
        form.put("client_id", "3MVG9unknown");
        assertOAuthError(OAuthErrors.INVALID_CLIENT_ID, postForm(form));
    }

    // a code issued to one app cannot be exchanged by another
    @Test
    void codeOfAnotherAppIsInvalid() {
        SimConnectedApp other = org.addConnectedApp("Other");
        Map<String, String> form = codeExchange(authorizationCode());
        form.put("client_id", other.consumerKey());
        form.put("client_secret", other.consumerSecret());
        assertOAuthError(OAuthErrors.INVALID_AUTHORIZATION_CODE, postForm(form));
    }

    // PKCE S256: the verifier must hash to the challenge
    @Test
    void pkceS256VerifierIsChecked() {
        Map<String, String> query = authorizeQuery();
        query.put("code_challenge", Pkce.s256(VERIFIER));
        query.put("code_challenge_method", "S256");

        Map<String, String> right = codeExchange(authorizationCode(query));
        right.put("code_verifier", VERIFIER);
        assertEquals(200, postForm(right).statusCode());

        Map<String, String> wrong = codeExchange(authorizationCode(query));
        wrong.put("code_verifier", VERIFIER + "x");
        assertOAuthError(OAuthErrors.INVALID_CODE_VERIFIER, postForm(wrong));

        assertOAuthError(OAuthErrors.INVALID_CODE_VERIFIER, postForm(codeExchange(authorizationCode(query))));
    }

    // PKCE: without code_challenge_method the challenge is read as S256 (Salesforce documents a SHA-256 hash)
    @Test
    void pkceChallengeWithoutMethodIsS256() {
        Map<String, String> query = authorizeQuery();
        query.put("code_challenge", Pkce.s256(VERIFIER));
        Map<String, String> form = codeExchange(authorizationCode(query));
        form.put("code_verifier", VERIFIER);
        assertEquals(200, postForm(form).statusCode());
    }

    // PKCE plain: the verifier equals the challenge
    @Test
    void pkcePlainVerifierIsChecked() {
        Map<String, String> query = authorizeQuery();
        query.put("code_challenge", VERIFIER);
        query.put("code_challenge_method", "plain");
        Map<String, String> form = codeExchange(authorizationCode(query));
        form.put("code_verifier", VERIFIER);
        assertEquals(200, postForm(form).statusCode());
    }

    // 4 isPkceRequired: no code_challenge, no code
    @Test
    void pkceRequiredAppRefusesAnAuthorizeWithoutChallenge() {
        app.pkceRequired(true);
        Map<String, String> params = redirectParams(authorize(authorizeQuery()));
        assertEquals("invalid_request", params.get("error"));
        assertEquals(OAuthErrors.CODE_CHALLENGE_REQUIRED.description(), params.get("error_description"));
        assertEquals("xyz 123", params.get("state"));
        assertFalse(params.containsKey("code"));
    }

    // an unknown code_challenge_method is refused
    @Test
    void unknownChallengeMethodIsRefused() {
        Map<String, String> query = authorizeQuery();
        query.put("code_challenge", VERIFIER);
        query.put("code_challenge_method", "S512");
        assertEquals(OAuthErrors.INVALID_CODE_CHALLENGE_METHOD.description(),
                redirectParams(authorize(query)).get("error_description"));
    }

    // an unknown client cannot be redirected to; the error is rendered as form-encoded text
    @Test
    void unknownClientIdRendersTheErrorInsteadOfRedirecting() {
        Map<String, String> query = authorizeQuery();
        query.put("client_id", "3MVG9unknown");
        HttpResponse<String> response = authorize(query);
        assertEquals(400, response.statusCode());
        assertEquals("error=invalid_client_id&error_description=client%20identifier%20invalid", response.body());
    }

    // redirect_uri missing
    @Test
    void missingRedirectUriRendersRedirectUriMissing() {
        Map<String, String> query = authorizeQuery();
        query.remove("redirect_uri");
        HttpResponse<String> response = authorize(query);
        assertEquals(400, response.statusCode());
        assertEquals("error=redirect_uri_missing&error_description=redirect_uri%20not%20provided", response.body());
    }

    // redirect_uri not the callback URL: the observed "redirect_uri must match configuration"
    @Test
    void redirectUriMismatchRendersTheObservedError() {
        Map<String, String> query = authorizeQuery();
        query.put("redirect_uri", "https://evil.example/cb");
        HttpResponse<String> response = authorize(query);
        assertEquals(400, response.statusCode());
        assertEquals("error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration",
                response.body());
        assertTrue(response.headers().firstValue("Location").isEmpty());
    }

    // unsupported response_type goes back to the client with the state
    @Test
    void unsupportedResponseTypeIsRedirected() {
        Map<String, String> query = authorizeQuery();
        query.put("response_type", "token");
        Map<String, String> params = redirectParams(authorize(query));
        assertEquals("unsupported_response_type", params.get("error"));
        assertEquals("xyz 123", params.get("state"));
    }

    // a scope the app does not have
    @Test
    void scopeTheAppLacksIsInvalidScope() {
        Map<String, String> query = authorizeQuery();
        query.put("scope", "api full");
        assertEquals("invalid_scope", redirectParams(authorize(query)).get("error"));
    }

    // the user does not approve
    @Test
    void noApprovingUserIsAccessDenied() {
        app.authorizeAs(null);
        Map<String, String> params = redirectParams(authorize(authorizeQuery()));
        assertEquals("access_denied", params.get("error"));
        assertEquals("user denied authorization", params.get("error_description"));
    }

    // inactive user, locked org
    @Test
    void inactiveUserAndInactiveOrgAreRedirectedErrors() {
        user.active(false);
        assertEquals("inactive_user", redirectParams(authorize(authorizeQuery())).get("error"));
        user.active(true);
        org.active(false);
        assertEquals("inactive_org", redirectParams(authorize(authorizeQuery())).get("error"));
    }

    // an admin-approved app refuses a user it does not pre-authorize; a self-authorize app lets them approve
    @Test
    void permittedUsersPolicyDecidesWhoMayApprove() {
        SimUser stranger = org.addUser("stranger@acme.example", "Standard User");
        app.authorizeAs(stranger);
        assertEquals("OAUTH_APP_ACCESS_DENIED", redirectParams(authorize(authorizeQuery())).get("error"));
        app.permittedUsers(PermittedUsers.ALL_SELF_AUTHORIZE);
        assertTrue(redirectParams(authorize(authorizeQuery())).containsKey("code"));
    }

    // an external client app must be installed in the approving user's org
    @Test
    void externalClientAppNotInstalledIsRefused() {
        SimUser outsider = sim.addOrg("globex").addUser("integration@globex.example");
        app.externalClientApp(true).permittedUsers(PermittedUsers.ALL_SELF_AUTHORIZE).authorizeAs(outsider);
        assertEquals("OAUTH_EC_APP_NOT_FOUND", redirectParams(authorize(authorizeQuery())).get("error"));
    }

    // a classic connected app serves its own org only
    @Test
    void classicAppRefusesAUserOfAnotherOrg() {
        SimUser outsider = sim.addOrg("globex").addUser("integration@globex.example");
        app.permittedUsers(PermittedUsers.ALL_SELF_AUTHORIZE).authorizeAs(outsider);
        assertEquals("OAUTH_APP_ACCESS_DENIED", redirectParams(authorize(authorizeQuery())).get("error"));
    }

    // 4 (b): a refresh-token approval lets the user through the JWT flow, until it is revoked
    @Test
    void refreshTokenApprovalApprovesTheUserForJwt() {
        SimUser selfApprover = org.addUser("self@acme.example", "Standard User");
        app.permittedUsers(PermittedUsers.ALL_SELF_AUTHORIZE).authorizeAs(selfApprover);
        assertOAuthError(OAuthErrors.USER_NOT_APPROVED, exchange(assertionFor(selfApprover.username())));

        Tokens tokens = connect();
        assertEquals(200, exchange(assertionFor(selfApprover.username())).statusCode());

        assertEquals(200, revoke(tokens.refreshToken()).statusCode());
        assertOAuthError(OAuthErrors.USER_NOT_APPROVED, exchange(assertionFor(selfApprover.username())));
    }
}
