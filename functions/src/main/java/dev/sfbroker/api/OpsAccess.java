package dev.sfbroker.api;

import dev.sfbroker.access.Caller;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.util.List;

/** Ops routes are for the principals named in {@code broker.ops.principals} (roles match their sessions). */
@Singleton
final class OpsAccess {
    private final List<String> opsPrincipals;
    private final CallerResolver callers;

    OpsAccess(@Value("${broker.ops.principals:}") List<String> opsPrincipals, CallerResolver callers) {
        this.opsPrincipals = opsPrincipals;
        this.callers = callers;
    }

    /** The calling operator; otherwise 401 (no identity) or 403 (not ops). */
    Caller require(HttpRequest<?> request) {
        Caller caller = callers.resolve(request).orElseThrow(UnauthenticatedException::new);
        if (!caller.isAnyOf(opsPrincipals)) {
            throw new OpsOnlyException(caller);
        }
        return caller;
    }
}
