package dev.sfbroker.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sfbroker.testing.FunctionBeans;
import dev.sfbroker.testing.FunctionContextTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scheduled refresh function's own context: the renewer and the schedule, no HTTP, no ops, no policy audit. */
@MicronautTest
class ScheduledRefreshFunctionTest extends FunctionContextTest {

    ScheduledRefreshFunctionTest() {
        super("iam");
    }
    @Test
    void createsTheScheduleAndTheRenewerOnly() {
        assertThat(FunctionBeans.of(context)).containsExactlyElementsOf(FunctionBeans.union(FunctionBeans.CORE, FunctionBeans.RENEWAL,
                Set.of("dev.sfbroker.handlers.ScheduledRefreshHandler",
                        "dev.sfbroker.token.ScheduledRenewal",
                        "dev.sfbroker.wiring.ScheduleProperties",
                        "dev.sfbroker.wiring.OrgBackoffProperties",
                        "dev.sfbroker.wiring.FanOutProperties",
                        "dev.sfbroker.wiring.KeepAliveConnections")));
    }

    @Test
    void aScheduleEventRenewsWhatIsDue() {
        env.register("due-now");

        ScheduledRefreshHandler.Result result = new ScheduledRefreshHandler(context).execute(new ScheduledRefreshHandler.Input(10));

        assertThat(result.due()).isEqualTo(1);
        assertThat(result.renewed()).isEqualTo(1);
    }
}
