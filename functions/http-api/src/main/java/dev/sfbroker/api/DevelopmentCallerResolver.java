package dev.sfbroker.api;

import dev.sfbroker.access.Caller;
import dev.sfbroker.wiring.LocalOnly;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The caller on a developer's machine, where no API Gateway authenticates anyone: the
 * {@code X-Broker-Principal} header if present (to try other identities), else the configured development
 * principal. Never enabled in AWS, where {@code broker.identity.mode} is {@code iam}; it refuses to start in Lambda.
 */
@Singleton
@Requires(property = "broker.identity.mode", value = "development")
final class DevelopmentCallerResolver implements CallerResolver {
    static final String PRINCIPAL_HEADER = "X-Broker-Principal";

    private final String developmentPrincipal;

    DevelopmentCallerResolver(@Value("${broker.identity.development-principal}") String developmentPrincipal) {
        LocalOnly.refuseInLambda("broker.identity.mode=development");
        this.developmentPrincipal = developmentPrincipal;
    }

    @Override
    public Optional<Caller> resolve(HttpRequest<?> request) {
        String principal = request.getHeaders().get(PRINCIPAL_HEADER);
        return Optional.of(new Caller(principal != null && !principal.isBlank() ? principal : developmentPrincipal));
    }
}
