package dev.sfbroker.observability;

/** The members every JSON log line may carry besides Powertools' own (request id, function, cold start). */
public final class LogFields {
    /** The connection a log line is about. */
    public static final String CONNECTION = "connection";
    /** The IAM principal (or operator) who asked. */
    public static final String CALLER = "caller";

    private LogFields() {
    }
}
