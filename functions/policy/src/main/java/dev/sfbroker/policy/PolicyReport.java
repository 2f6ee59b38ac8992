package dev.sfbroker.policy;

import java.time.Instant;
import java.util.List;

/**
 * One policy audit run: its findings (what it could not check among them, as {@link Severity#NOT_CHECKED}), which of
 * them are new since the last run, which findings of the last run are gone, and the session timeouts it learned.
 */
public record PolicyReport(Instant at, List<Finding> findings, List<String> newFindings, List<Finding> resolved,
                           List<String> learned) {

    public List<Finding> newCritical() {
        return findings.stream().filter(f -> f.severity() == Severity.CRITICAL && newFindings.contains(f.key())).toList();
    }
}
