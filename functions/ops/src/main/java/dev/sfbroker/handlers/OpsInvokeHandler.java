package dev.sfbroker.handlers;

import dev.sfbroker.api.OpsViews;
import dev.sfbroker.observability.LogFields;
import dev.sfbroker.observability.LoggedRequestHandler;
import dev.sfbroker.token.ConnectionOperations;
import dev.sfbroker.token.IncidentSelector;
import dev.sfbroker.token.InvalidRequestException;
import dev.sfbroker.token.RevocationTarget;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;

/**
 * The revoke operations for a direct Lambda invoke (AWS console test event, {@code aws lambda invoke}), with
 * a plain JSON event:
 * <pre>
 * {"action": "revoke", "connection": "sync-prod", "target": "grant"}
 * {"action": "disable", "connection": "sync-prod"}
 * {"action": "incident_revoke", "connected_app": "token-broker/connected-apps/default", "dry_run": true}
 * </pre>
 * Who may invoke is decided by IAM ({@code lambda:InvokeFunction}); the invoker's identity is in CloudTrail, and
 * an {@code operator} field, if given, is recorded in the audit trail as said.
 */
public class OpsInvokeHandler extends LoggedRequestHandler<OpsInvokeHandler.Command, OpsInvokeHandler.Result> {

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Command(String action, String connection, String target, String connectedApp, String username, String org,
                          Boolean dryRun, String operator) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Result(String action, OpsViews.Revocation revocation, OpsViews.Incident incident) {
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
    protected Map<String, String> logFields(Command command) {
        Map<String, String> fields = new HashMap<>();
        if (command != null) {
            fields.put(LogFields.CONNECTION, command.connection());
            fields.put(LogFields.CALLER, command.operator());
        }
        return fields;
    }

    @Override
    protected Result handle(Command command) {
        if (command == null || command.action() == null) {
            throw new InvalidRequestException("the event needs an action: revoke, disable or incident_revoke");
        }
        String actor = "lambda invoke" + (command.operator() == null ? "" : " by " + command.operator() + " (as stated)");
        return switch (command.action()) {
            case "revoke" -> new Result("revoke", OpsViews.Revocation.of(operations.revoke(required(command.connection(), "connection"),
                    RevocationTarget.fromWireName(command.target() == null ? "grant" : command.target()), actor)), null);
            case "disable" -> new Result("disable", OpsViews.Revocation.of(operations.disable(required(command.connection(), "connection"),
                    actor)), null);
            case "incident_revoke" -> {
                boolean dryRun = command.dryRun() == null || command.dryRun();
                IncidentSelector selector = new IncidentSelector(command.connectedApp(), command.username(), command.org());
                yield new Result("incident_revoke", null, OpsViews.Incident.of(dryRun, operations.incident(selector, dryRun, actor)));
            }
            default -> throw new InvalidRequestException("unknown action '" + command.action() + "': use revoke, disable or incident_revoke");
        };
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException("the event needs '" + field + "'");
        }
        return value;
    }
}
