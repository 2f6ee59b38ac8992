package dev.sfbroker.api;

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
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;

/**
 * Onboarding a refresh-token connection. {@code POST /ops/connections/{id}/authorization} (ops) answers the
 * Salesforce URL to open as the integration user; Salesforce then redirects the browser to
 * {@code GET /oauth/callback}, which carries no IAM identity: the single-use {@code state} and the PKCE
 * verifier the broker keeps are what make it safe.
 */
@Controller
final class AuthorizationController {
    static final String CALLBACK_PATH = "/oauth/callback";

    private final Onboarding onboarding;
    private final OpsAccess ops;
    private final String configuredCallback;

    AuthorizationController(Onboarding onboarding, OpsAccess ops,
                            @Nullable @Value("${broker.oauth.callback-url}") String configuredCallback) {
        this.onboarding = onboarding;
        this.ops = ops;
        this.configuredCallback = configuredCallback;
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "AuthorizationStarted")
    record AuthorizationStarted(String authorizeUrl, String callbackUrl, String expiresAt) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "Authorized")
    record Authorized(String connection, String message, String expiresAt) {
    }

    @Post("/ops/connections/{id}/authorization")
    @Tag(name = "ops")
    @SecurityRequirement(name = ApiContract.SIGV4)
    @DocumentedErrors.Common
    @DocumentedErrors.OpsOnly
    @Operation(summary = "Start onboarding a refresh-token connection (Salesforce's web-server flow with PKCE)",
            description = "Open authorize_url as the connection's Salesforce user before expires_at. invalid_authorization (400) for a"
                    + " JWT connection.")
    @ApiResponse(responseCode = "201", description = "Started.")
    HttpResponse<AuthorizationStarted> start(@Parameter(description = "The connection's id.", example = "demo-refresh") @PathVariable String id, HttpRequest<?> request) {
        String operator = ops.require(request).principal();
        URI callback = callback(request);
        Onboarding.Started started = onboarding.begin(id, callback, operator);
        return HttpResponse.status(HttpStatus.CREATED).body(new AuthorizationStarted(started.authorizeUrl().toString(),
                callback.toString(), started.expiresAt().toString()));
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
