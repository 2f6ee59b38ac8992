package dev.sfbroker.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Does what the Lambda runtime does with the token function: builds the handler named in template.yaml
 * with its no-argument constructor (configuration from environment variables only), and hands it one
 * event. Runs in a JVM whose classpath is the deployable jar; prints {@code status} and the body.
 */
public final class LambdaInvoker {
    private LambdaInvoker() {
    }

    public static void main(String[] args) throws Exception {
        try (APIGatewayV2HTTPEventFunction handler = new APIGatewayV2HTTPEventFunction()) {
            JsonMapper json = handler.getApplicationContext().getBean(JsonMapper.class);
            APIGatewayV2HTTPEvent event = json.readValue(Files.readAllBytes(Path.of(args[0])), APIGatewayV2HTTPEvent.class);
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, new MockLambdaContext());
            System.out.println("status=" + response.getStatusCode());
            System.out.println(response.getBody());
        }
    }
}
