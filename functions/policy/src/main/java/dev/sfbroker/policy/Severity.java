package dev.sfbroker.policy;

/** How urgent a finding is: critical findings break tokens now or soon. */
public enum Severity {
    INFO, WARNING, CRITICAL
}
