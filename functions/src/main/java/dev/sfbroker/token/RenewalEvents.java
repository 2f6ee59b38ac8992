package dev.sfbroker.token;

/** What the lifecycle tells the outside world (metrics, later the audit trail) about renewals. */
public interface RenewalEvents {

    /** A token was renewed. */
    void renewed(Connection connection, TokenSet token);

    /** A renewal failed; the connection is blocked when the failure class says so. */
    void failed(Connection connection, Failure failure);
}
