package dev.sfbroker.observability;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import java.util.Map;

/**
 * A plain Lambda handler whose invocation's log lines carry its request id (and the connection and caller its
 * event names): Micronaut registers each invocation's {@link Context} as a bean before it calls {@link #execute}.
 */
public abstract class LoggedRequestHandler<I, O> extends MicronautRequestHandler<I, O> {

    protected LoggedRequestHandler() {
    }

    protected LoggedRequestHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public final O execute(I input) {
        Context invocation = getApplicationContext().findBean(Context.class).orElse(null);
        return InvocationLogging.around(invocation, logFields(input), () -> handle(input));
    }

    /** What the invocation does. */
    protected abstract O handle(I input);

    /** {@link LogFields} the event names; none by default. */
    protected Map<String, String> logFields(I input) {
        return Map.of();
    }
}
