package dev.sfbroker.policy;

/**
 * One policy audit finding: which rule, how urgent, what was seen, and what an admin should do.
 *
 * @param connectionId the connection it concerns
 * @param org the org's instance URL (or login host before the first token)
 * @param connectedApp the connected app's API name, or its credentials secret when the name is unknown
 */
public record Finding(String ruleId, Severity severity, String org, String connectedApp, String connectionId, String evidence, String fix) {

    /** Identifies the same finding across runs, to mark what is new and what was resolved. */
    public String key() {
        return connectionId + "/" + ruleId;
    }
}
