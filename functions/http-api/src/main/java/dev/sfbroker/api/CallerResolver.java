package dev.sfbroker.api;

import dev.sfbroker.access.Caller;
import io.micronaut.http.HttpRequest;
import java.util.Optional;

/** Finds out who sent a request. */
public interface CallerResolver {

    Optional<Caller> resolve(HttpRequest<?> request);
}
