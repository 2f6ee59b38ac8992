package dev.sfbroker.policy;

/** How urgent a finding is: critical findings break tokens now or soon. */
public enum Severity {
    /** The audit could not check something (a finding of rule {@code not-checked-…} says what and why). */
    NOT_CHECKED,
    INFO, WARNING, CRITICAL
}
