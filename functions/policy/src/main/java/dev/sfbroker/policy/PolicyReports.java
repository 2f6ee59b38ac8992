package dev.sfbroker.policy;

import java.util.Optional;

/** Where audit reports are kept, so each run can mark what changed since the last one. */
public interface PolicyReports {

    void save(PolicyReport report);

    Optional<PolicyReport> latest();
}
