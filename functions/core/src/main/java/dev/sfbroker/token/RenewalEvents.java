package dev.sfbroker.token;

/** What the lifecycle and the policy audit tell the outside world through metrics. */
public interface RenewalEvents {

    /** A token was renewed. */
    void renewed(Connection connection, TokenSet token);

    /** A renewal failed; the connection is blocked when the failure class says so. */
    void failed(Connection connection, Failure failure);

    /** The policy audit found a new critical finding. */
    void policyFinding(String ruleId);
}
