package dev.sfbroker.simulator;

/**
 * The token-endpoint errors the simulator emits, with the exact {@code error} and {@code error_description} strings
 * Salesforce sends (its help page "OAuth 2.0 JWT Bearer Flow for Server-to-Server Integration" lists most of them).
 */
public final class OAuthErrors {

    private OAuthErrors() {
    }

    /**
     * The connected app is blocked (Setup > Connected Apps OAuth Usage > Block): every token request for it is refused.
     * The description is the simulator's (UNCERTAIN); the broker reads the error code alone.
     */
    public static final OAuthError OAUTH_APP_BLOCKED =
            OAuthError.of("OAUTH_APP_BLOCKED", "this app is blocked by admin");

    /** Unknown or missing grant_type, or a body that is not form-encoded. */
    public static final OAuthError UNSUPPORTED_GRANT_TYPE =
            OAuthError.of("unsupported_grant_type", "grant type not supported");

    /** JWT {@code iss} (consumer key) not known. */
    public static final OAuthError INVALID_CLIENT_ID =
            OAuthError.of("invalid_client_id", "client identifier invalid");

    /**
     * Bad signature, key not matching the uploaded certificate. The simulator also uses it
     * for assertions it cannot parse, a non-RS256 {@code alg}, an app without a certificate, and a
     * missing or non-numeric {@code exp}: no source gives those cases (UNCERTAIN).
     */
    public static final OAuthError INVALID_ASSERTION =
            OAuthError.of("invalid_grant", "invalid assertion");

    /** JWT {@code aud} not accepted; the observed string, not the help page's "Audience validation failed". */
    public static final OAuthError AUDIENCE_INVALID =
            OAuthError.of("invalid_grant", "audience is invalid");

    /**
     * JWT {@code exp} not in the future. Also used, when the optional 3-minute maximum is
     * enforced, for an {@code exp} too far ahead.
     */
    public static final OAuthError EXPIRED_AUTHORIZATION_CODE =
            OAuthError.of("invalid_grant", "expired authorization code");

    /** User neither pre-authorized nor with a prior refresh-token approval. Also the default for an unknown user (UNCERTAIN). */
    public static final OAuthError USER_NOT_APPROVED =
            OAuthError.of("invalid_grant", "user hasn't approved this consumer");

    /** Inactive or frozen user. Doc text "User is inactive"; wire casing UNCERTAIN. */
    public static final OAuthError INACTIVE_USER =
            OAuthError.of("inactive_user", "user is inactive");

    /** Org locked, closed or suspended. Doc text "Org is locked, closed, or suspended"; wire casing UNCERTAIN. */
    public static final OAuthError INACTIVE_ORG =
            OAuthError.of("inactive_org", "org is locked, closed, or suspended");

    /**
     * Admin-approved-only app, user neither assigned nor with a prior approval. Third-party
     * source only (UNCERTAIN); the observed answer is {@link #USER_NOT_APPROVED}, the default.
     */
    public static final OAuthError OAUTH_APP_ACCESS_DENIED =
            OAuthError.of("OAUTH_APP_ACCESS_DENIED", "user is not admin approved to access this app");

    /** External client app not installed in the user's org. The {@code error} code is as clients see it (UNCERTAIN). */
    public static final OAuthError OAUTH_EC_APP_NOT_FOUND =
            OAuthError.of("OAUTH_EC_APP_NOT_FOUND", "External client app is not installed in this org");

    /** IP range or login hours restriction. */
    public static final OAuthError IP_RESTRICTED =
            OAuthError.of("invalid_grant", "IP restricted or invalid login hours");

    /** More than 3,600 logins per user per rolling hour, as observed for JWT. */
    public static final OAuthError LOGIN_RATE_EXCEEDED =
            OAuthError.of("invalid_grant", "login rate exceeded");

    /** The doc table's code for too many logins; which flows use it is UNCERTAIN. */
    public static final OAuthError RATE_LIMIT_EXCEEDED =
            OAuthError.of("rate_limit_exceeded", "number of logins exceeded");

    /**
     * A refresh token that was revoked, expired by the app's policy, evicted by the five-approval limit,
     * or rotated out; also a refresh token the simulator does not know.
     */
    public static final OAuthError EXPIRED_REFRESH_TOKEN =
            OAuthError.of("invalid_grant", "expired access/refresh token");

    /**
     * Wrong or missing client secret on the token endpoint. HTTP 400 as most reports show;
     * one mock answers 401: see {@link SimSettings#invalidClientError()}.
     */
    public static final OAuthError INVALID_CLIENT =
            OAuthError.of("invalid_client", "invalid client credentials");

    /**
     * A second token request with the same refresh token while the first is still being processed (,
     * since Winter '25; the simulator also answers it for an authorization code in processing). Before,
     * Salesforce answered the same condition with {@link #EXPIRED_AUTHORIZATION_CODE}: see
     * {@link SimSettings#tokenRequestInProcessingError()}.
     */
    public static final OAuthError TOKEN_REQUEST_IN_PROCESSING =
            OAuthError.of("invalid_grant", "token request is already being processed");

    /** Bad client credentials on the introspection endpoint. */
    public static final OAuthError INTROSPECT_INVALID_CLIENT =
            new OAuthError("invalid_client", "invalid client credentials", 401);

    /** An unknown, already used, or another app's authorization code. */
    public static final OAuthError INVALID_AUTHORIZATION_CODE =
            OAuthError.of("invalid_grant", "invalid authorization code");

    /** A PKCE {@code code_verifier} missing or not matching the {@code code_challenge} (no source found: UNCERTAIN). */
    public static final OAuthError INVALID_CODE_VERIFIER =
            OAuthError.of("invalid_grant", "invalid code verifier");

    /** {@code redirect_uri} differs from the app's callback URL. */
    public static final OAuthError REDIRECT_URI_MISMATCH =
            OAuthError.of("redirect_uri_mismatch", "redirect_uri must match configuration");

    /** No {@code redirect_uri} on the authorize endpoint. */
    public static final OAuthError REDIRECT_URI_MISSING =
            OAuthError.of("redirect_uri_missing", "redirect_uri not provided");

    /** A {@code response_type} other than {@code code}. */
    public static final OAuthError UNSUPPORTED_RESPONSE_TYPE =
            OAuthError.of("unsupported_response_type", "response type not supported");

    /** A scope the app does not have. */
    public static final OAuthError INVALID_SCOPE =
            OAuthError.of("invalid_scope", "requested scope is invalid, unknown, or malformed");

    /** The user did not approve: no {@link SimConnectedApp#authorizeAs(SimUser) authorizing user}. */
    public static final OAuthError ACCESS_DENIED =
            OAuthError.of("access_denied", "user denied authorization");

    /** No {@code code_challenge} for an app that requires PKCE. */
    public static final OAuthError CODE_CHALLENGE_REQUIRED =
            OAuthError.of("invalid_request", "missing required code challenge");

    /** A {@code code_challenge_method} other than {@code S256} or {@code plain} (wire form UNCERTAIN). */
    public static final OAuthError INVALID_CODE_CHALLENGE_METHOD =
            OAuthError.of("invalid_request", "invalid code challenge method");

    /**
     * The revoke endpoint's answer to a token it does not know. It is sent form-encoded,
     * {@code error=unsupported_token_type&error_description=this%20token%20type%20is%20not%20supported}, not as JSON.
     */
    public static final OAuthError UNSUPPORTED_TOKEN_TYPE =
            OAuthError.of("unsupported_token_type", "this token type is not supported");
}
