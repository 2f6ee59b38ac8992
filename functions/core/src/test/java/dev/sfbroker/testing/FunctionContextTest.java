package dev.sfbroker.testing;

import io.micronaut.context.ApplicationContext;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A test of one function's application context as Micronaut users expect it: the subclass is a
 * {@code @MicronautTest}, which starts the context the function's jar would start, configured for a fresh broker
 * world (the Salesforce simulator, tables in DynamoDB Local, a local key and secrets directory).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FunctionContextTest implements TestPropertyProvider {
    protected final BrokerEnvironment env;

    @Inject
    protected ApplicationContext context;

    /** {@code identityMode}: {@code iam} (Lambda) or {@code development} (the local header). */
    protected FunctionContextTest(String identityMode) {
        this(BrokerEnvironment.forMicronautTest(identityMode));
    }

    protected FunctionContextTest(BrokerEnvironment env) {
        this.env = env;
    }

    @Override
    public Map<String, String> getProperties() {
        return env.properties();
    }

    @BeforeAll
    void useTheFunctionsContext() {
        env.use(context);
    }

    @AfterAll
    void stopTheWorld() {
        env.close();
    }
}
