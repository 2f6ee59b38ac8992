package dev.sfbroker.api;

import dev.sfbroker.access.Caller;

/** An ops route called by someone who is not an operator. */
final class OpsOnlyException extends RuntimeException {
    OpsOnlyException(Caller caller) {
        super(caller.principal() + " is not an operator: ops routes need a principal listed in broker.ops.principals");
    }
}
