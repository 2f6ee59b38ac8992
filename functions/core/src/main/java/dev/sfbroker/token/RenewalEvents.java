package dev.sfbroker.token;

import java.time.Duration;

/** What the lifecycle, the schedule and the policy audit tell the outside world through metrics. */
public interface RenewalEvents {

    /** A token was renewed. */
    void renewed(Connection connection, TokenSet token);

    /** A renewal failed; the connection is blocked when the failure class says so. */
    void failed(Connection connection, Failure failure);

    /** A refresh whose answer was lost rotated the refresh token: the grant is gone and needs re-authorisation. */
    void grantLost(Connection connection);

    /** A login was taken from the user's budget: {@code used} of {@code limit} in this hour, this one included. */
    void loginBudgetSpent(Connection connection, int used, int limit);

    /** A token call was not made: the user's login budget is used up, or Salesforce rate-limited the user. */
    void loginBudgetExhausted(Connection connection);

    /** A caller was served a token (or an error) after this long. */
    void tokenServed(Duration latency);

    /** One run of the scheduled refresh completed: its heartbeat. */
    void scheduleRun(ScheduledRenewal.Report report, Duration took);

    /**
     * One refresh worker invocation completed: it was handed {@code batches} messages of connection ids, returned
     * {@code batchesReturned} of them to the queue (partial batch failures), and did {@code connections} with their
     * connections.
     */
    void refreshWorkerRun(ScheduledRenewal.Report connections, int batches, int batchesReturned, Duration took);

    /** One policy audit run completed over this many connections, with this many findings. */
    void policyAuditRun(int connections, int findings);

    /** The policy audit found a new critical finding. */
    void policyFinding(String ruleId);

    /** An operator changed who may fetch a connection's token (registered it with callers, or changed its callers). */
    void allowedPrincipalsChanged(Connection connection);

    /** A connection's state change could not be published (it is stored, and in the audit trail). */
    void connectionEventNotPublished(ConnectionEvent.Type type);
}
