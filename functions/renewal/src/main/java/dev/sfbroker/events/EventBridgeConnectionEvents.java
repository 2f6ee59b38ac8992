package dev.sfbroker.events;

import dev.sfbroker.token.ConnectionEvent;
import dev.sfbroker.token.ConnectionEvents;
import dev.sfbroker.token.RenewalEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Publishes connection events to an EventBridge bus: source {@value ConnectionEventDetail#SOURCE}, one
 * {@code detail-type} per {@link ConnectionEvent.Type}. A failed publication is logged and counted
 * ({@code ConnectionEventsNotPublished}) and never fails the renewal or operation that changed the state: the change
 * is stored already, and the audit trail has it.
 */
public final class EventBridgeConnectionEvents implements ConnectionEvents {
    private static final Logger LOG = LoggerFactory.getLogger(EventBridgeConnectionEvents.class);

    private final EventBridgeClient eventBridge;
    private final String busName;
    private final ConnectionEventDetail detail;
    private final RenewalEvents metrics;

    public EventBridgeConnectionEvents(EventBridgeClient eventBridge, String busName, ConnectionEventDetail detail, RenewalEvents metrics) {
        this.eventBridge = eventBridge;
        this.busName = busName;
        this.detail = detail;
        this.metrics = metrics;
    }

    @Override
    public void publish(ConnectionEvent event) {
        String why;
        try {
            PutEventsResponse response = eventBridge.putEvents(request -> request.entries(entry -> entry
                    .eventBusName(busName)
                    .source(ConnectionEventDetail.SOURCE)
                    .detailType(event.type().detailType())
                    .time(event.at())
                    .detail(detail.toJson(event))));
            if (response.failedEntryCount() == null || response.failedEntryCount() == 0) {
                return;
            }
            PutEventsResultEntry failed = response.entries().getFirst();
            why = failed.errorCode() + ": " + failed.errorMessage();
        } catch (SdkException e) {
            why = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        LOG.error("could not publish connection event {} of connection {} to event bus {} ({}); the change is stored and in the"
                + " audit trail ({})", event.type().detailType(), event.connectionId(), busName, why, event.auditEventId());
        metrics.connectionEventNotPublished(event.type());
    }
}
