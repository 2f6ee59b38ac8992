package dev.sfbroker.handlers;

import dev.sfbroker.api.ConnectionRequests;
import dev.sfbroker.api.JsonRequest;
import dev.sfbroker.api.OpsViews;
import dev.sfbroker.api.RevocationRequests;
import dev.sfbroker.observability.LogFields;
import dev.sfbroker.observability.LoggedRequestHandler;
import dev.sfbroker.token.ConnectionOperations;
import dev.sfbroker.token.InvalidRequestException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The revoke operations for a direct Lambda invoke (AWS console test event, {@code aws lambda invoke}), with
 * a plain JSON event:
 * <pre>
 * {"action": "revoke", "connection": "sync-prod", "target": "grant"}
 * {"action": "disable", "connection": "sync-prod"}
 * {"action": "incident_revoke", "credentials_ref": "token-broker/connected-apps/default", "dry_run": true}
 * {"action": "retry", "connection": "sync-prod"}
 * </pre>
 * Events are read as strictly as the ops API's bodies, and an incident revocation without {@code "dry_run": false} is a
 * dry run. Who may invoke is decided by IAM ({@code lambda:InvokeFunction}); the invoker's identity is in CloudTrail,
 * and an {@code operator} field, if given, is recorded in the audit trail as said.
 */
public class OpsInvokeHandler extends LoggedRequestHandler<Map<String, Object>, OpsInvokeHandler.Result> {
    private static final List<String> ACTIONS = List.of("revoke", "disable", "incident_revoke", "retry");

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Result(String action, OpsViews.Revocation revocation, OpsViews.Incident incident, OpsViews.Renewal retry) {
        Result(String action, OpsViews.Revocation revocation, OpsViews.Incident incident) {
            this(action, revocation, incident, null);
        }
    }

    @Inject
    ConnectionOperations operations;

    /** Lambda's constructor. */
    public OpsInvokeHandler() {
    }

    public OpsInvokeHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Map<String, String> logFields(Map<String, Object> event) {
        Map<String, String> fields = new HashMap<>();
        if (event != null && event.get("connection") instanceof String connection) {
            fields.put(LogFields.CONNECTION, connection);
        }
        if (event != null && event.get("operator") instanceof String operator) {
            fields.put(LogFields.CALLER, operator);
        }
        return fields;
    }

    @Override
    protected Result handle(Map<String, Object> event) {
        Object action = event == null ? null : event.get("action");
        if (!(action instanceof String name) || !ACTIONS.contains(name)) {
            throw new InvalidRequestException("the event needs an action: " + String.join(", ", ACTIONS)
                    + (action == null ? "" : "; got '" + action + "'"));
        }
        return switch (name) {
            case "revoke" -> {
                JsonRequest request = JsonRequest.of(event, fields(Stream.concat(Stream.of("connection"),
                        RevocationRequests.TARGET_FIELDS.stream())));
                yield new Result(name, OpsViews.Revocation.of(operations.revoke(connection(request), RevocationRequests.target(request),
                        actor(request))), null);
            }
            case "disable" -> {
                JsonRequest request = JsonRequest.of(event, fields(Stream.of("connection")));
                yield new Result(name, OpsViews.Revocation.of(operations.disable(connection(request), actor(request))), null);
            }
            case "retry" -> {
                JsonRequest request = JsonRequest.of(event, fields(Stream.of("connection")));
                String connection = connection(request);
                yield new Result(name, null, null, OpsViews.Renewal.of(connection, operations.retry(connection, actor(request))));
            }
            default -> {
                JsonRequest request = JsonRequest.of(event, fields(RevocationRequests.INCIDENT_FIELDS.stream()));
                RevocationRequests.Incident incident = RevocationRequests.incident(request);
                yield new Result(name, null, OpsViews.Incident.of(incident.dryRun(), incident.selector(),
                        operations.incident(incident.selector(), incident.dryRun(), actor(request))));
            }
        };
    }

    /** An action's own fields, with the two every event may carry. */
    private static List<String> fields(Stream<String> own) {
        return Stream.concat(Stream.of("action", "operator"), own).toList();
    }

    private static String connection(JsonRequest request) {
        return request.text("connection", ConnectionRequests.MAX_ID_LENGTH).orElseThrow(() -> new InvalidRequestException("the event needs 'connection', the connection's id"));
    }

    private static String actor(JsonRequest request) {
        return "lambda invoke" + request.text("operator", 256).map(operator -> " by " + operator + " (as stated)").orElse("");
    }
}
