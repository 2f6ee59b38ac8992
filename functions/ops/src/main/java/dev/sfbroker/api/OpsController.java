package dev.sfbroker.api;

import dev.sfbroker.policy.PolicyAudit;
import dev.sfbroker.policy.PolicyReports;
import dev.sfbroker.policy.PolicyTable;
import dev.sfbroker.token.AuditTrail;
import dev.sfbroker.token.InvalidRequestException;
import dev.sfbroker.token.ConnectionOperations;
import dev.sfbroker.token.IncidentSelector;
import dev.sfbroker.token.RevocationTarget;
import dev.sfbroker.token.Renewer;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import java.util.List;

/**
 * The ops API: every route needs a principal listed in {@code broker.ops.principals}. It translates between
 * JSON and {@link ConnectionOperations}; the operations themselves live in the token lifecycle.
 */
@Controller("/ops")
final class OpsController {
    private final ConnectionOperations operations;
    private final AuditTrail audit;
    private final PolicyAudit policyAudit;
    private final PolicyReports policyReports;
    private final OpsAccess ops;

    OpsController(ConnectionOperations operations, AuditTrail audit, PolicyAudit policyAudit, PolicyReports policyReports, OpsAccess ops) {
        this.operations = operations;
        this.audit = audit;
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
        return operations.list().stream().map(OpsViews.ConnectionHealth::of).toList();
    }

    @Post("/connections")
    HttpResponse<OpsViews.ConnectionHealth> register(@Body OpsViews.ConnectionDefinition definition, HttpRequest<?> request) {
        String operator = ops.require(request).principal();
        return HttpResponse.status(HttpStatus.CREATED).body(OpsViews.ConnectionHealth.of(
                operations.register(definition.id(), definition.toDefinition(), operator)));
    }

    @Get("/connections/{id}")
    OpsViews.ConnectionHealth get(@PathVariable String id, HttpRequest<?> request) {
        ops.require(request);
        return OpsViews.ConnectionHealth.of(operations.get(id));
    }

    @Put("/connections/{id}")
    OpsViews.ConnectionHealth update(@PathVariable String id, @Body OpsViews.ConnectionDefinition definition, HttpRequest<?> request) {
        return OpsViews.ConnectionHealth.of(operations.update(id, definition.toDefinition(), ops.require(request).principal()));
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
        return OpsViews.ConnectionHealth.of(operations.enable(id, ops.require(request).principal()));
    }

    @Post("/connections/{id}/renew")
    OpsViews.Renewal renew(@PathVariable String id, HttpRequest<?> request) {
        return switch (operations.renewNow(id, ops.require(request).principal())) {
            case Renewer.Outcome.Renewed renewed -> new OpsViews.Renewal(id, "renewed", renewed.token().fingerprint(),
                    renewed.token().expiresAt().toString(), null);
            case Renewer.Outcome.Busy busy -> new OpsViews.Renewal(id, "busy", null, null, null);
            case Renewer.Outcome.Failed failed -> new OpsViews.Renewal(id, "failed", null, null, OpsViews.LastError.of(failed.failure()));
        };
    }

    @Post("/connections/{id}/revoke")
    OpsViews.Revocation revoke(@PathVariable String id, @Body OpsViews.RevokeRequest revoke, HttpRequest<?> request) {
        String operator = ops.require(request).principal();
        return OpsViews.Revocation.of(operations.revoke(id, RevocationTarget.fromWireName(revoke.target()), operator));
    }

    @Get("/connections/{id}/audit")
    List<OpsViews.AuditEntry> audit(@PathVariable String id, @Nullable @QueryValue Integer limit, HttpRequest<?> request) {
        ops.require(request);
        operations.get(id);
        return audit.forConnection(id, limit == null ? 50 : Math.min(limit, 1000)).stream().map(OpsViews.AuditEntry::of).toList();
    }

    @Post("/incidents/revoke")
    OpsViews.Incident incident(@Body OpsViews.IncidentRequest incident, HttpRequest<?> request) {
        String operator = ops.require(request).principal();
        IncidentSelector selector = new IncidentSelector(incident.connectedApp(), incident.username(), incident.org());
        return OpsViews.Incident.of(incident.isDryRun(), operations.incident(selector, incident.isDryRun(), operator));
    }
}
