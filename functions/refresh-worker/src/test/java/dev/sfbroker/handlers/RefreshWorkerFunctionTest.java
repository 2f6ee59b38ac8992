package dev.sfbroker.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbroker.testing.FunctionBeans;
import dev.sfbroker.testing.FunctionContextTest;
import dev.sfbroker.testing.MetricCapture;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The refresh worker's own context: the renewer and the schedule's settings, no queue client, no HTTP, no ops. */
@MicronautTest
class RefreshWorkerFunctionTest extends FunctionContextTest {

    RefreshWorkerFunctionTest() {
        super("iam");
    }

    @Test
    void createsTheScheduledRenewalAndTheRenewerOnly() {
        assertThat(FunctionBeans.of(context)).containsExactlyElementsOf(FunctionBeans.union(FunctionBeans.CORE, FunctionBeans.RENEWAL,
                Set.of("dev.sfbroker.handlers.RefreshWorkerHandler",
                        "dev.sfbroker.token.ScheduledRenewal",
                        "dev.sfbroker.wiring.ScheduleProperties",
                        "dev.sfbroker.wiring.OrgBackoffProperties",
                        "dev.sfbroker.wiring.KeepAliveConnections")));
    }

    @Test
    void renewsTheBatchAndReportsOnlyTheUnreadableMessageFailed() {
        env.register("queued-a");
        env.register("queued-b");
        long callsBefore = env.salesforce().counters().tokenCalls();

        try (MetricCapture metrics = new MetricCapture()) {
            SQSBatchResponse response = new RefreshWorkerHandler(context).execute(event(
                    message("m-1", "[\"queued-a\",\"queued-b\"]"),
                    message("m-2", "not a list")));

            assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactly("m-2");
            assertThat(env.salesforce().counters().tokenCalls() - callsBefore).as("both connections renewed").isEqualTo(2);
            assertThat(metrics.lines("RefreshWorkerRuns")).as("one line per invocation").singleElement().satisfies(run -> {
                assertThat(run.path("BatchesReceived").asInt()).isEqualTo(2);
                assertThat(run.path("BatchesReturned").asInt()).isEqualTo(1);
                assertThat(run.path("ConnectionsDue").asInt()).isEqualTo(2);
                assertThat(run.path("ConnectionsRenewed").asInt()).isEqualTo(2);
                assertThat(run.path("ConnectionsFailed").asInt()).isZero();
            });
        }
    }

    static SQSEvent event(SQSEvent.SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(messages));
        return event;
    }

    static SQSEvent.SQSMessage message(String id, String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        return message;
    }
}
