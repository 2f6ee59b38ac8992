package dev.sfbroker.observability;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * One invocation's logging context (Powertools' functional API): the Lambda request id, function and cold start,
 * plus the connection and caller where the event names them, on every log line written while it runs.
 */
public final class InvocationLogging {
    private InvocationLogging() {
    }

    /** @param context the invocation, or null outside Lambda; {@code fields}: {@link LogFields} names, null values left out */
    public static <T> T around(Context context, Map<String, String> fields, Supplier<T> invocation) {
        return PowertoolsLogging.withLogging(context, () -> {
            fields.forEach((name, value) -> {
                if (value != null) {
                    MDC.put(name, value);
                }
            });
            return invocation.get();
        });
    }
}
