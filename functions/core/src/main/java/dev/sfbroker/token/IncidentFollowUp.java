package dev.sfbroker.token;

import java.util.ArrayList;
import java.util.List;

/**
 * What an operator must still do by hand after an incident revocation: revoking grants ends the tokens, but credentials
 * that leaked still work until they are replaced, and grants the broker never held are not among those it revoked.
 */
public final class IncidentFollowUp {

    private IncidentFollowUp() {
    }

    /** The steps, in order, for the incident {@code selector} named and the connections it took. */
    public static List<String> steps(IncidentSelector selector, List<ConnectionOperations.IncidentEntry> entries) {
        List<String> steps = new ArrayList<>();
        List<String> refreshConnections = entries.stream().filter(entry -> entry.flow() == Flow.REFRESH_TOKEN)
                .map(ConnectionOperations.IncidentEntry::connectionId).toList();
        List<String> jwtConnections = entries.stream().filter(entry -> entry.flow() == Flow.JWT_BEARER)
                .map(ConnectionOperations.IncidentEntry::connectionId).toList();
        boolean appCompromised = selector.credentialsRef() != null && !selector.credentialsRef().isBlank();
        if (appCompromised && !refreshConnections.isEmpty()) {
            steps.add("Rotate the connected app's consumer secret: App Manager > (the app) > View > Manage Consumer Details >"
                    + " Generate new consumer secret (Salesforce keeps the old one valid until you apply the new one), put it in the"
                    + " secret '" + selector.credentialsRef() + "' as consumer_secret, then apply it in Salesforce.");
        }
        if (appCompromised && !jwtConnections.isEmpty()) {
            steps.add("Replace the JWT signing key: make a new key pair and certificate (infra/connected-app/make-jwt-key.sh),"
                    + " upload the certificate under the app's 'Use digital signatures', and put the new private key in the secret '"
                    + selector.credentialsRef() + "' as private_key.");
        }
        if (selector.username() != null && !selector.username().isBlank()) {
            steps.add("Secure the user " + selector.username() + ": freeze it (Setup > Users) while you investigate, reset its"
                    + " password, and read its Login History for logins the broker did not make.");
        }
        steps.add("Revoke the grants the broker does not hold (other clients, or an authorisation whose answer was lost): Setup >"
                + " Connected Apps OAuth Usage (by app) or the user's OAuth Connected Apps (by user) lists every remaining grant.");
        if (!jwtConnections.isEmpty()) {
            steps.add("Bring the JWT connections back once the credentials are safe: POST /ops/connections/{id}/enable for "
                    + String.join(", ", jwtConnections) + ".");
        }
        if (!refreshConnections.isEmpty()) {
            steps.add("Authorise the refresh-token connections again as their users: POST /ops/connections/{id}/authorization for "
                    + String.join(", ", refreshConnections) + ".");
        }
        return steps;
    }
}
