package dev.sfbroker.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.sfbroker.access.Caller;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.servlet.http.ServletHttpRequest;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The caller in AWS: the IAM principal API Gateway authenticated with SigV4, from the HTTP API's request
 * context ({@code requestContext.authorizer.iam.userArn}). Headers are never trusted for identity.
 */
@Singleton
@Requires(property = "broker.identity.mode", value = "iam")
final class IamCallerResolver implements CallerResolver {

    @Override
    public Optional<Caller> resolve(HttpRequest<?> request) {
        if (request instanceof ServletHttpRequest<?, ?> servlet && servlet.getNativeRequest() instanceof APIGatewayV2HTTPEvent event) {
            return Optional.ofNullable(event.getRequestContext())
                    .map(APIGatewayV2HTTPEvent.RequestContext::getAuthorizer)
                    .map(APIGatewayV2HTTPEvent.RequestContext.Authorizer::getIam)
                    .map(APIGatewayV2HTTPEvent.RequestContext.IAM::getUserArn)
                    .filter(arn -> !arn.isBlank())
                    .map(Caller::new);
        }
        return Optional.empty();
    }
}
