package dev.sfbroker.api;

import dev.sfbroker.token.ApprovalLimit;
import dev.sfbroker.token.ApprovalWouldEvictException;
import dev.sfbroker.token.Onboarding;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;

/**
 * Onboarding a refresh-token connection. {@code POST /ops/connections/{id}/authorization} (ops) answers the
 * Salesforce URL to open as the integration user; Salesforce then redirects the browser to
 * {@code GET /oauth/callback}, which carries no IAM identity: the single-use {@code state} and the PKCE
 * verifier the broker keeps are what make it safe.
 */
@Controller
final class AuthorizationController {
    static final String CALLBACK_PATH = "/oauth/callback";

    /** The only field of the start's body: the operator accepts that the new approval revokes another grant. */
    static final String ACCEPT_EVICTION = "accept_eviction";

    private final Onboarding onboarding;
    private final OpsAccess ops;
    private final JsonMapper json;
    private final String configuredCallback;

    AuthorizationController(Onboarding onboarding, OpsAccess ops, JsonMapper json,
                            @Nullable @Value("${broker.oauth.callback-url}") String configuredCallback) {
        this.onboarding = onboarding;
        this.ops = ops;
        this.json = json;
        this.configuredCallback = configuredCallback;
    }

    /**
     * A grant a new approval revokes (or would).
     *
     * @param heldByBroker whether the broker holds it; {@code connection} then names the connection that does
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "DoomedGrant", description = "The approval Salesforce would revoke when this one is given (the sixth).")
    record DoomedGrant(String app, String user, String created, @Nullable String lastUsed, boolean heldByBroker, @Nullable String connection) {

        static DoomedGrant of(ApprovalLimit.DoomedGrant grant) {
            return new DoomedGrant(grant.appName(), grant.username(), String.valueOf(grant.createdDate()),
                    grant.lastUsedDate() == null ? null : grant.lastUsedDate().toString(), grant.heldBy() != null, grant.heldBy());
        }
    }

    /**
     * A 409 of this route: an error ({@code connection_misconfigured}, {@code concurrent_change}, ...) and, for
     * {@code approval_would_evict_grant}, the grant that would be revoked.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "EvictionRefused", description = "An Error; for approval_would_evict_grant it also names the grant that would die.")
    record EvictionRefused(String error, String message, @Nullable String connection, @Nullable DoomedGrant grant) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "AuthorizationStarted")
    record AuthorizationStarted(String authorizeUrl, String callbackUrl, String expiresAt, @Nullable DoomedGrant evicts,
                                @Nullable List<String> warnings) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "Authorized")
    record Authorized(String connection, String message, String expiresAt) {
    }

    /** The body, if any, is {@code {"accept_eviction": true|false}}. */
    @Post("/ops/connections/{id}/authorization")
    @Tag(name = "ops")
    @SecurityRequirement(name = ApiContract.SIGV4)
    @DocumentedErrors.Common
    @DocumentedErrors.OpsOnly
    @Operation(summary = "Start onboarding a refresh-token connection (Salesforce's web-server flow with PKCE)",
            description = "Open authorize_url as the connection's Salesforce user before expires_at. invalid_authorization (400) for a"
                    + " JWT connection.",
            requestBody = @RequestBody(required = false, content = @Content(schema = @Schema(implementation = OpsRequestBodies.Authorization.class))))
    @ApiResponse(responseCode = "201", description = "Started.", content = @Content(schema = @Schema(implementation = AuthorizationStarted.class)))
    @ApiResponse(responseCode = "409", description = "approval_would_evict_grant: a sixth approval would make Salesforce revoke the"
            + " grant named in `grant`; send {\"accept_eviction\": true} to go ahead. Other conflicts (connection_misconfigured,"
            + " concurrent_change) answer the same body without `grant`.",
            content = @Content(schema = @Schema(implementation = EvictionRefused.class)))
    HttpResponse<?> start(@Parameter(description = "The connection's id.", example = "demo-refresh") @PathVariable String id, HttpRequest<?> request) {
        String operator = ops.require(request).principal();
        // read here, not bound: a request with no body must still reach the identity check
        boolean acceptEviction = JsonRequest.parse(request.getBody(String.class).orElse(null), json, List.of(ACCEPT_EVICTION))
                .bool(ACCEPT_EVICTION).orElse(false);
        URI callback = callback(request);
        Onboarding.Started started;
        try {
            started = onboarding.begin(id, callback, operator, acceptEviction);
        } catch (ApprovalWouldEvictException e) {
            return HttpResponse.status(HttpStatus.CONFLICT).body(new EvictionRefused("approval_would_evict_grant", e.getMessage(),
                    e.connectionId(), DoomedGrant.of(e.doomed())));
        }
        return HttpResponse.status(HttpStatus.CREATED).body(new AuthorizationStarted(started.authorizeUrl().toString(),
                callback.toString(), started.expiresAt().toString(), started.evicts().map(DoomedGrant::of).orElse(null),
                started.warnings()));
    }

    @Get(CALLBACK_PATH)
    @Tag(name = "onboarding")
    @Operation(summary = "Where Salesforce redirects the user's browser after approval",
            description = "Carries no IAM identity: the single-use state and the PKCE verifier the broker keeps make it safe.")
    @ApiResponse(responseCode = "200", description = "The connection is authorised.",
            content = @Content(schema = @Schema(implementation = Authorized.class)))
    @ApiResponse(responseCode = "400", description = "invalid_request (no code or state), invalid_authorization (unknown, expired or"
            + " replaced state; the wrong user) or authorization_denied (Salesforce sent an error)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @DocumentedErrors.Common
    @DocumentedErrors.RateLimited
    HttpResponse<?> callback(@Nullable @QueryValue String code, @Nullable @QueryValue String state,
                             @Nullable @QueryValue String error, @Nullable @QueryValue("error_description") String errorDescription,
                             HttpRequest<?> request) {
        if (error != null) {
            return HttpResponse.badRequest(ApiError.of("authorization_denied", "Salesforce did not authorise the connection: "
                    + error + (errorDescription == null ? "" : " (" + errorDescription + ")") + ". Start a new authorisation."));
        }
        if (code == null || state == null) {
            return HttpResponse.badRequest(ApiError.of("invalid_request", "The callback needs the code and state Salesforce sends."));
        }
        var token = onboarding.complete(state, code, callback(request));
        String connection = state.substring(0, state.indexOf('~'));
        return HttpResponse.ok(new Authorized(connection, "Connection '" + connection + "' is authorised; you can close this window.",
                token.expiresAt().toString()));
    }

    /** The callback URL: configured, or this API's own address (API Gateway sets X-Forwarded-Proto). */
    private URI callback(HttpRequest<?> request) {
        if (configuredCallback != null && !configuredCallback.isBlank()) {
            return URI.create(configuredCallback);
        }
        String scheme = request.getHeaders().get("X-Forwarded-Proto", String.class).orElse("http");
        String host = request.getHeaders().get("Host", String.class).orElse("localhost");
        return URI.create(scheme + "://" + host + CALLBACK_PATH);
    }
}
