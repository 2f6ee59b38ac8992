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
import java.util.List;

/**
 * The ops API: every route needs a principal listed in {@code broker.ops.principals}. It translates between
 * JSON and {@link ConnectionOperations}; the operations themselves live in the token lifecycle.
 */
@Controller("/ops")
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
    PolicyViews.PolicyAuditResult runPolicyAudit(HttpRequest<?> request) {
        return PolicyViews.PolicyAuditResult.of(policyAudit.run(ops.require(request).principal()));
    }

    /** The last policy audit; {@code ?format=table} answers its Markdown table as text. */
    @Get("/policy-audit")
    HttpResponse<?> lastPolicyAudit(@Nullable @QueryValue String format, HttpRequest<?> request) {
        ops.require(request);
        var report = policyReports.latest().orElseThrow(() -> new InvalidRequestException("no policy audit has run yet: POST /ops/policy-audit"));
        return "table".equals(format)
                ? HttpResponse.ok(PolicyTable.render(report)).contentType(MediaType.TEXT_PLAIN_TYPE)
                : HttpResponse.ok(PolicyViews.PolicyAuditResult.of(report));
    }

    @Get("/connections")
    List<OpsViews.ConnectionHealth> list(HttpRequest<?> request) {
        ops.require(request);
        return operations.list().stream().map(this::health).toList();
    }

    @Post("/connections")
    HttpResponse<OpsViews.ConnectionHealth> register(@Nullable @Body String body, HttpRequest<?> request) {
        String operator = ops.require(request).principal();
        ConnectionRequests.Registration registration = connectionRequests.registration(body);
        ConnectionOperations.Registered registered = operations.register(registration.id(), registration.definition(), operator);
        return HttpResponse.status(HttpStatus.CREATED).body(OpsViews.ConnectionHealth.of(registered.connection(), lifetimes,
                registered.warnings()));
    }

    @Get("/connections/{id}")
    OpsViews.ConnectionHealth get(@PathVariable String id, HttpRequest<?> request) {
        ops.require(request);
        return health(operations.get(id));
    }

    @Put("/connections/{id}")
    OpsViews.ConnectionHealth replace(@PathVariable String id, @Nullable @Body String body, HttpRequest<?> request) {
        String operator = ops.require(request).principal();
        return health(operations.update(id, connectionRequests.replacement(body), operator));
    }

    @Patch("/connections/{id}")
    OpsViews.ConnectionHealth change(@PathVariable String id, @Nullable @Body String body, HttpRequest<?> request) {
        String operator = ops.require(request).principal();
        return health(operations.change(id, connectionRequests.patch(body), operator));
    }

    @Delete("/connections/{id}")
    OpsViews.Revocation delete(@PathVariable String id, HttpRequest<?> request) {
        return OpsViews.Revocation.of(operations.delete(id, ops.require(request).principal()));
    }

    @Post("/connections/{id}/disable")
    OpsViews.Revocation disable(@PathVariable String id, HttpRequest<?> request) {
        return OpsViews.Revocation.of(operations.disable(id, ops.require(request).principal()));
    }

    @Post("/connections/{id}/enable")
    OpsViews.ConnectionHealth enable(@PathVariable String id, HttpRequest<?> request) {
        return health(operations.enable(id, ops.require(request).principal()));
    }

    @Post("/connections/{id}/renew")
    OpsViews.Renewal renew(@PathVariable String id, HttpRequest<?> request) {
        return OpsViews.Renewal.of(id, operations.renewNow(id, ops.require(request).principal()));
    }

    /** One careful attempt for a blocked connection once its cause is fixed; the body, if any, must be {@code {}}. */
    @Post("/connections/{id}/retry")
    OpsViews.Renewal retry(@PathVariable String id, HttpRequest<?> request) {
        String operator = ops.require(request).principal();
        JsonRequest.parse(request.getBody(String.class).orElse(null), json, List.of());
        return OpsViews.Renewal.of(id, operations.retry(id, operator));
    }

    @Post("/connections/{id}/revoke")
    OpsViews.Revocation revoke(@PathVariable String id, @Nullable @Body String body, HttpRequest<?> request) {
        String operator = ops.require(request).principal();
        RevocationTarget target = RevocationRequests.target(JsonRequest.parse(body, json, RevocationRequests.TARGET_FIELDS));
        return OpsViews.Revocation.of(operations.revoke(id, target, operator));
    }

    /** Readable after the connection is deleted, until its events expire. */
    @Get("/connections/{id}/audit")
    List<OpsViews.AuditEntry> audit(@PathVariable String id, @Nullable @QueryValue String limit, HttpRequest<?> request) {
        ops.require(request);
        return operations.auditTrail(id, auditLimit(limit)).stream().map(OpsViews.AuditEntry::of).toList();
    }

    @Post("/incidents/revoke")
    OpsViews.Incident incident(@Nullable @Body String body, HttpRequest<?> request) {
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
