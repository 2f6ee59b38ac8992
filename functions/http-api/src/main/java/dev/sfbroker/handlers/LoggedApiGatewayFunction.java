package dev.sfbroker.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sfbroker.observability.InvocationLogging;
import dev.sfbroker.observability.LogFields;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.HashMap;
import java.util.Map;

/**
 * The two HTTP functions' handler (token API, ops API): Micronaut's API Gateway HTTP API function, with every log
 * line of the request carrying its Lambda request id, the connection in the path and the IAM caller.
 */
public class LoggedApiGatewayFunction extends APIGatewayV2HTTPEventFunction {

    /** Lambda's constructor. */
    public LoggedApiGatewayFunction() {
    }

    public LoggedApiGatewayFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent request, Context context) {
        return InvocationLogging.around(context, logFields(request), () -> super.handleRequest(request, context));
    }

    private static Map<String, String> logFields(APIGatewayV2HTTPEvent request) {
        Map<String, String> fields = new HashMap<>();
        if (request.getPathParameters() != null) {
            fields.put(LogFields.CONNECTION, request.getPathParameters().get("id"));
        }
        var authorizer = request.getRequestContext() != null ? request.getRequestContext().getAuthorizer() : null;
        if (authorizer != null && authorizer.getIam() != null) {
            fields.put(LogFields.CALLER, authorizer.getIam().getUserArn());
        }
        return fields;
    }
}
