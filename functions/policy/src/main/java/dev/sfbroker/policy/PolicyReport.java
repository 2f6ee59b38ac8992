package dev.sfbroker.policy;

import java.time.Instant;
import java.util.List;

/**
 * One policy audit run: its findings, which of them are new since the last run, which findings of the last run
 * are gone, the connections it could not read (with why), and the session timeouts it learned.
 */
public record PolicyReport(Instant at, List<Finding> findings, List<String> newFindings, List<Finding> resolved,
                           List<String> notAudited, List<String> learned) {

    public List<Finding> newCritical() {
        return findings.stream().filter(f -> f.severity() == Severity.CRITICAL && newFindings.contains(f.key())).toList();
    }
}
