package dev.sfbroker.api;

import dev.sfbroker.policy.PolicyAudit;
import dev.sfbroker.policy.PolicyReports;
import dev.sfbroker.policy.PolicyTable;
import dev.sfbroker.token.Connection;
import dev.sfbroker.token.ConnectionOperations;
import dev.sfbroker.token.InvalidRequestException;
import dev.sfbroker.token.RenewalPolicy;
import dev.sfbroker.token.RevocationTarget;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/**
 * The ops API: every route needs a principal listed in {@code broker.ops.principals}. It translates between
 * JSON and {@link ConnectionOperations}; the operations themselves live in the token lifecycle.
 */
@Controller("/ops")
@Tag(name = "ops", description = "For operators: the caller must be listed in broker.ops.principals.")
@SecurityRequirement(name = ApiContract.SIGV4)
@DocumentedErrors.Common
@DocumentedErrors.OpsOnly
final class OpsController {
    static final int DEFAULT_AUDIT_LIMIT = 50;
    static final int MAX_AUDIT_LIMIT = 1000;

    private final ConnectionOperations operations;
    private final ConnectionRequests connectionRequests;
    private final RenewalPolicy lifetimes;
    private final JsonMapper json;
    private final PolicyAudit policyAudit;
    private final PolicyReports policyReports;
    private final OpsAccess ops;

    OpsController(ConnectionOperations operations, ConnectionRequests connectionRequests, RenewalPolicy lifetimes, JsonMapper json,
                  PolicyAudit policyAudit, PolicyReports policyReports, OpsAccess ops) {
        this.operations = operations;
        this.connectionRequests = connectionRequests;
        this.lifetimes = lifetimes;
        this.json = json;
        this.policyAudit = policyAudit;
        this.policyReports = policyReports;
        this.ops = ops;
    }

    /** Runs the Connected App policy audit now. */
    @Post("/policy-audit")
    @Operation(summary = "Run the Connected App policy audit now")
    @ApiResponse(responseCode = "200", description = "The report.")
    PolicyViews.PolicyAuditResult runPolicyAudit(HttpRequest<?> request) {
        return PolicyViews.PolicyAuditResult.of(policyAudit.run(ops.require(request).principal()));
    }

    /** The last policy audit; {@code ?format=table} answers its Markdown table as text. */
    @Get("/policy-audit")
    @Operation(summary = "The last policy audit report", description = "invalid_request (400) when no audit has run yet.")
    @ApiResponse(responseCode = "200", description = "The report; with ?format=table its Markdown table as text.", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyViews.PolicyAuditResult.class)),
            @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = "string"))})
    HttpResponse<?> lastPolicyAudit(@Parameter(schema = @Schema(allowableValues = "table")) @Nullable @QueryValue String format, HttpRequest<?> request) {
        ops.require(request);
        var report = policyReports.latest().orElseThrow(() -> new InvalidRequestException("no policy audit has run yet: POST /ops/policy-audit"));
        return "table".equals(format)
                ? HttpResponse.ok(PolicyTable.render(report)).contentType(MediaType.TEXT_PLAIN_TYPE)
                : HttpResponse.ok(PolicyViews.PolicyAuditResult.of(report));
    }

    @Get("/connections")
    @Operation(summary = "Every connection with its health")
    @ApiResponse(responseCode = "200", description = "The connections.")
    List<OpsViews.ConnectionHealth> list(HttpRequest<?> request) {
        ops.require(request);
        return operations.list().stream().map(this::health).toList();
    }

    @Post("/connections")
    @Operation(summary = "Register a connection", description = "connection_exists (409) when the id is taken.")
    @ApiResponse(responseCode = "201", description = "Registered.",
            content = @Content(schema = @Schema(implementation = OpsViews.ConnectionHealth.class)))
    @DocumentedErrors.WithBody
    HttpResponse<OpsViews.ConnectionHealth> register(
            @RequestBody(content = @Content(schema = @Schema(implementation = OpsRequestBodies.Registration.class))) @Nullable @Body String body,
            HttpRequest<?> request) {
        String operator = ops.require(request).principal();
        ConnectionRequests.Registration registration = connectionRequests.registration(body);
        ConnectionOperations.Registered registered = operations.register(registration.id(), registration.definition(), operator);
        return HttpResponse.status(HttpStatus.CREATED).body(OpsViews.ConnectionHealth.of(registered.connection(), lifetimes,
                registered.warnings()));
    }

    @Get("/connections/{id}")
    @Operation(summary = "One connection's health")
    @ApiResponse(responseCode = "200", description = "The connection.")
    OpsViews.ConnectionHealth get(@Parameter(description = "The connection's id.", example = "demo") @PathVariable String id, HttpRequest<?> request) {
        ops.require(request);
        return health(operations.get(id));
    }

    @Put("/connections/{id}")
    @Operation(summary = "Replace a connection's definition", description = "The flow cannot change.")
    @ApiResponse(responseCode = "200", description = "The connection as changed.")
    @DocumentedErrors.WithBody
    OpsViews.ConnectionHealth replace(@Parameter(description = "The connection's id.", example = "demo") @PathVariable String id,
                                      @RequestBody(content = @Content(schema = @Schema(implementation = OpsRequestBodies.Definition.class))) @Nullable @Body String body, HttpRequest<?> request) {
        String operator = ops.require(request).principal();
        return health(operations.update(id, connectionRequests.replacement(body), operator));
    }

    @Patch("/connections/{id}")
    @Operation(summary = "Change only the fields sent")
    @ApiResponse(responseCode = "200", description = "The connection as changed.")
    @DocumentedErrors.WithBody
    OpsViews.ConnectionHealth change(@Parameter(description = "The connection's id.", example = "demo") @PathVariable String id,
                                     @RequestBody(content = @Content(schema = @Schema(implementation = OpsRequestBodies.Definition.class))) @Nullable @Body String body, HttpRequest<?> request) {
        String operator = ops.require(request).principal();
        return health(operations.change(id, connectionRequests.patch(body), operator));
    }

    @Delete("/connections/{id}")
    @Operation(summary = "Revoke at Salesforce, then delete", description = "If Salesforce does not revoke, nothing is deleted.")
    @ApiResponse(responseCode = "200", description = "What was revoked and purged.")
    OpsViews.Revocation delete(@Parameter(description = "The connection's id.", example = "demo") @PathVariable String id, HttpRequest<?> request) {
        return OpsViews.Revocation.of(operations.delete(id, ops.require(request).principal()));
    }

    @Post("/connections/{id}/disable")
    @Operation(summary = "Revoke the grant at Salesforce, purge the tokens and disable the connection")
    @ApiResponse(responseCode = "200", description = "What was revoked and purged.")
    OpsViews.Revocation disable(@Parameter(description = "The connection's id.", example = "demo") @PathVariable String id, HttpRequest<?> request) {
        return OpsViews.Revocation.of(operations.disable(id, ops.require(request).principal()));
    }

    @Post("/connections/{id}/enable")
    @Operation(summary = "Enable a disabled connection", description = "A refresh-token connection then needs authorising again.")
    @ApiResponse(responseCode = "200", description = "The connection.")
    OpsViews.ConnectionHealth enable(@Parameter(description = "The connection's id.", example = "demo") @PathVariable String id, HttpRequest<?> request) {
        return health(operations.enable(id, ops.require(request).principal()));
    }

    @Post("/connections/{id}/renew")
    @Operation(summary = "Renew now, under the connection's lease")
    @ApiResponse(responseCode = "200", description = "renewed, busy (another renewal holds the lease) or failed (with the error).")
    OpsViews.Renewal renew(@Parameter(description = "The connection's id.", example = "demo") @PathVariable String id, HttpRequest<?> request) {
        return OpsViews.Renewal.of(id, operations.renewNow(id, ops.require(request).principal()));
    }

    /** One careful attempt for a blocked connection once its cause is fixed; the body, if any, must be {@code {}}. */
    @Post("/connections/{id}/retry")
    @Operation(summary = "Retry a blocked connection once its cause is fixed",
            description = "One renewal now for a JWT connection in NEEDS_REAUTH or a MISCONFIGURED one that still holds its grant;"
                    + " success makes it ACTIVE, a failure keeps it blocked with the new error. No body, or {}.")
    @ApiResponse(responseCode = "200", description = "renewed, busy (another renewal holds the lease or a back-off runs) or failed (with the error).")
    @ApiResponse(responseCode = "409", description = "The connection is not blocked, or needs the web-server flow instead (connection_not_retryable).",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    OpsViews.Renewal retry(@Parameter(description = "The connection's id.", example = "demo") @PathVariable String id, HttpRequest<?> request) {
        String operator = ops.require(request).principal();
        JsonRequest.parse(request.getBody(String.class).orElse(null), json, List.of());
        return OpsViews.Renewal.of(id, operations.retry(id, operator));
    }

    @Post("/connections/{id}/revoke")
    @Operation(summary = "Revoke the access token or the grant at Salesforce, then purge")
    @ApiResponse(responseCode = "200", description = "What Salesforce revoked, whether introspection confirms it, what was purged.")
    @DocumentedErrors.WithBody
    OpsViews.Revocation revoke(@Parameter(description = "The connection's id.", example = "demo") @PathVariable String id,
                               @RequestBody(content = @Content(schema = @Schema(implementation = OpsRequestBodies.Revoke.class))) @Nullable @Body String body, HttpRequest<?> request) {
        String operator = ops.require(request).principal();
        RevocationTarget target = RevocationRequests.target(JsonRequest.parse(body, json, RevocationRequests.TARGET_FIELDS));
        return OpsViews.Revocation.of(operations.revoke(id, target, operator));
    }

    /** Readable after the connection is deleted, until its events expire. */
    @Get("/connections/{id}/audit")
    @Operation(summary = "The connection's audit events, newest first")
    @ApiResponse(responseCode = "200", description = "The events.")
    List<OpsViews.AuditEntry> audit(@Parameter(description = "The connection's id.", example = "demo") @PathVariable String id, @Parameter(description = "1 to 1000, default 50.", schema = @Schema(type = "integer", minimum = "1", maximum = "1000")) @Nullable @QueryValue String limit, HttpRequest<?> request) {
        ops.require(request);
        return operations.auditTrail(id, auditLimit(limit)).stream().map(OpsViews.AuditEntry::of).toList();
    }

    @Post("/incidents/revoke")
    @Operation(summary = "Incident revocation: every grant of a connected app, a user or an org",
            description = "A dry run (the default) lists what a real run (\"dry_run\": false) revokes.")
    @ApiResponse(responseCode = "200", description = "The selected connections and, for a real run, each one's outcome.")
    @DocumentedErrors.WithBody
    OpsViews.Incident incident(
            @RequestBody(content = @Content(schema = @Schema(implementation = OpsRequestBodies.Incident.class))) @Nullable @Body String body,
            HttpRequest<?> request) {
        String operator = ops.require(request).principal();
        RevocationRequests.Incident incident = RevocationRequests.incident(JsonRequest.parse(body, json, RevocationRequests.INCIDENT_FIELDS));
        return OpsViews.Incident.of(incident.dryRun(), incident.selector(), operations.incident(incident.selector(), incident.dryRun(), operator));
    }

    private OpsViews.ConnectionHealth health(Connection connection) {
        return OpsViews.ConnectionHealth.of(connection, lifetimes);
    }

    private static int auditLimit(String limit) {
        if (limit == null) {
            return DEFAULT_AUDIT_LIMIT;
        }
        String refusal = "limit must be a whole number from 1 to " + MAX_AUDIT_LIMIT + " (default " + DEFAULT_AUDIT_LIMIT + ")";
        try {
            int value = Integer.parseInt(limit.trim());
            if (value < 1 || value > MAX_AUDIT_LIMIT) {
                throw new InvalidRequestException(refusal + "; got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(refusal);
        }
    }
}
