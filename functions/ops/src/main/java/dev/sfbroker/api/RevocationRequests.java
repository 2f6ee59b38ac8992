package dev.sfbroker.api;

import dev.sfbroker.token.IncidentSelector;
import dev.sfbroker.token.InvalidRequestException;
import dev.sfbroker.token.RevocationTarget;
import java.util.List;
import java.util.Optional;

/**
 * Reads what to revoke, from an ops API body or a direct-invoke event alike. Revoking cannot be undone, so nothing
 * is revoked by default: a revocation names its target, and an incident revocation is a dry run unless it sends
 * {@code "dry_run": false}.
 */
public final class RevocationRequests {
    public static final List<String> TARGET_FIELDS = List.of("target");
    /** {@code connected_app} is the old name of {@code credentials_ref}, read until the next major version. */
    public static final List<String> INCIDENT_FIELDS = List.of("credentials_ref", "connected_app", "username", "org", "dry_run");

    /** An incident revocation: which connections, and whether to revoke them or only list them. */
    public record Incident(IncidentSelector selector, boolean dryRun) {
    }

    private RevocationRequests() {
    }

    public static RevocationTarget target(JsonRequest request) {
        return RevocationTarget.fromWireName(request.text("target", 32).orElseThrow(() -> new InvalidRequestException(
                "name the target: \"target\": \"access_token\" (the access token only) or \"grant\" (the refresh token and its"
                        + " access tokens)")));
    }

    public static Incident incident(JsonRequest request) {
        Optional<String> credentialsRef = request.text("credentials_ref", ConnectionRequests.MAX_CREDENTIALS_REF_LENGTH);
        Optional<String> oldName = request.text("connected_app", ConnectionRequests.MAX_CREDENTIALS_REF_LENGTH);
        if (credentialsRef.isPresent() && oldName.isPresent() && !credentialsRef.equals(oldName)) {
            throw new InvalidRequestException("credentials_ref and connected_app (its old name) differ; send only credentials_ref");
        }
        IncidentSelector selector = new IncidentSelector(credentialsRef.or(() -> oldName).orElse(null),
                request.text("username", ConnectionRequests.MAX_USERNAME_LENGTH).orElse(null),
                request.text("org", ConnectionRequests.MAX_LOGIN_HOST_LENGTH).orElse(null));
        return new Incident(selector, request.bool("dry_run").orElse(true));
    }
}
