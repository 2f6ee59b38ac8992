package dev.sfbroker.api;

import dev.sfbroker.access.Caller;
import dev.sfbroker.wiring.OpsProperties;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.util.List;

/** Ops routes are for the principals named in {@code broker.ops.principals} (roles match their sessions). */
@Singleton
final class OpsAccess {
    private final List<String> opsPrincipals;
    private final CallerResolver callers;

    OpsAccess(OpsProperties ops, CallerResolver callers) {
        this.opsPrincipals = ops.principals();
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
