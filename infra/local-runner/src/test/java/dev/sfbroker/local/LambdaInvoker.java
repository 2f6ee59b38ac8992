package dev.sfbroker.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextProvider;
import io.micronaut.crac.OrderedResource;
import io.micronaut.json.JsonMapper;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Does what the Lambda runtime does with a function: builds the handler named in template.yaml with its
 * no-argument constructor (configuration from environment variables only) and hands it one event read from a
 * file. Runs in a JVM whose classpath is the function's deployable jar. Prints {@code init=<ms>} once the handler
 * exists, then {@code status=<code>} and the answer, on standard error: standard output is the function's own, as
 * CloudWatch would receive it. With {@code --prime}, it runs the function's SnapStart priming
 * ({@code beforeCheckpoint}, then {@code afterRestore}) between the two, as a snapshot and a restore would. With
 * {@code --events N}, it hands the same event over N times (a warm container's next invocations), printing each answer.
 *
 * <p>{@code java -cp <jar>:<test-classes> dev.sfbroker.local.LambdaInvoker <handler class> <event.json> [--prime] [--events N]}
 */
public final class LambdaInvoker {
    private LambdaInvoker() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Class<?> handlerClass = Class.forName(args[0]);
        RequestHandler handler = (RequestHandler) handlerClass.getConstructor().newInstance();
        List<String> options = List.of(args).subList(2, args.length);
        if (options.contains("--prime") && handler instanceof ApplicationContextProvider provider) {
            prime(provider.getApplicationContext());
        }
        System.err.println("init=" + (System.nanoTime() - start) / 1_000_000);
        int events = options.contains("--events") ? Integer.parseInt(options.get(options.indexOf("--events") + 1)) : 1;
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        for (int i = 0; i < events; i++) {
            Object input = json(handler).readValue(event, inputType(handlerClass));
            Object output = handler.handleRequest(input, new Invocation());
            // by name: the jars of the functions that are not behind API Gateway do not carry its event classes
            boolean apiGateway = output.getClass().getSimpleName().equals("APIGatewayV2HTTPResponse");
            System.err.println("status=" + (apiGateway ? output.getClass().getMethod("getStatusCode").invoke(output) : 200));
            System.err.println(apiGateway ? output.getClass().getMethod("getBody").invoke(output)
                    : output instanceof String text ? text : new String(json(handler).writeValueAsBytes(output)));
        }
        if (handler instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private static void prime(ApplicationContext context) throws Exception {
        var resources = context.getBeansOfType(OrderedResource.class).stream()
                .sorted(Comparator.comparingInt(OrderedResource::getOrder)).toList();
        for (OrderedResource resource : resources) {
            resource.beforeCheckpoint(null);
        }
        for (OrderedResource resource : resources.reversed()) {
            resource.afterRestore(null);
        }
    }

    private static JsonMapper json(Object handler) {
        return handler instanceof ApplicationContextProvider provider
                ? provider.getApplicationContext().getBean(JsonMapper.class) : JsonMapper.createDefault();
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    /** The event type the handler declares, as the Lambda runtime reads it. */
    private static Class<?> inputType(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    return raw(p.getActualTypeArguments()[0]);
                }
            }
            // the first superclass that names the event type (MicronautRequestHandler<I, O> or a subclass of it)
            if (c.getGenericSuperclass() instanceof ParameterizedType p && !(p.getActualTypeArguments()[0] instanceof TypeVariable<?>)) {
                return raw(p.getActualTypeArguments()[0]);
            }
        }
        throw new IllegalArgumentException(type + " is not a Lambda RequestHandler");
    }

    /** The invocation's context as Lambda hands it over (every jar carries the interface; not every jar a mock of it). */
    private static final class Invocation implements Context {
        @Override
        public String getAwsRequestId() {
            return "cold-start-1";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/local";
        }

        @Override
        public String getLogStreamName() {
            return "local";
        }

        @Override
        public String getFunctionName() {
            return "local";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:local";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 20_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
