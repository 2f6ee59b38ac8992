package dev.sfbroker.handlers;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbroker.observability.LoggedRequestHandler;
import dev.sfbroker.token.RenewalEvents;
import dev.sfbroker.token.ScheduledRenewal;
import dev.sfbroker.wiring.ScheduleProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A refresh worker (SQS event source, {@code ReportBatchItemFailures}): each message is a batch of due connection ids
 * the scheduled refresh sent, as a JSON list. It renews those still due within {@code broker.schedule.horizon}, under
 * the same lease rules as the scheduled refresh. A message whose connections could not all be read or renewed for a
 * transient reason is reported failed, so SQS delivers only it again; its connections renewed meanwhile are no longer
 * due and are skipped then. Each invocation reports what it did as metrics ({@link RenewalEvents#refreshWorkerRun}).
 */
public class RefreshWorkerHandler extends LoggedRequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshWorkerHandler.class);
    private static final Argument<List<String>> CONNECTION_IDS = Argument.listOf(String.class);

    @Inject
    ScheduledRenewal renewal;

    @Inject
    ScheduleProperties schedule;

    @Inject
    JsonMapper json;

    @Inject
    RenewalEvents events;

    /** Lambda's constructor. */
    public RefreshWorkerHandler() {
    }

    public RefreshWorkerHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected SQSBatchResponse handle(SQSEvent event) {
        long start = System.nanoTime();
        List<SQSBatchResponse.BatchItemFailure> failed = new ArrayList<>();
        ScheduledRenewal.Report invocation = ScheduledRenewal.Report.NOTHING;
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            Optional<ScheduledRenewal.Report> report = renew(message);
            if (report.isEmpty() || report.get().failedTransient() > 0 || report.get().deferred() > 0) {
                failed.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
            invocation = invocation.plus(report.orElse(ScheduledRenewal.Report.NOTHING));
        }
        events.refreshWorkerRun(invocation, event.getRecords().size(), failed.size(), Duration.ofNanos(System.nanoTime() - start));
        return new SQSBatchResponse(failed);
    }

    /** What renewing the message's connections did; empty if its body is not a list of ids. */
    private Optional<ScheduledRenewal.Report> renew(SQSEvent.SQSMessage message) {
        List<String> ids;
        try {
            ids = json.readValue(message.getBody(), CONNECTION_IDS);
        } catch (IOException | RuntimeException e) {
            // retrying cannot help; after its receives it goes to the dead-letter queue and its alarm
            LOG.error("message {} is not a JSON list of connection ids ({})", message.getMessageId(), e.getClass().getSimpleName());
            return Optional.empty();
        }
        ScheduledRenewal.Report report = renewal.renewEach(ids, schedule.horizon());
        LOG.info("message {}: {} connections, {} renewed, {} already current, {} busy, {} failed transiently, {} blocked, {} deferred",
                message.getMessageId(), report.due(), report.renewed(), report.alreadyCurrent(), report.busy(),
                report.failedTransient(), report.blocked(), report.deferred());
        return Optional.of(report);
    }
}
