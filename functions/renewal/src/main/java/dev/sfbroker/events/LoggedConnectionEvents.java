package dev.sfbroker.events;

import dev.sfbroker.token.ConnectionEvent;
import dev.sfbroker.token.ConnectionEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection events as log lines, where no event bus is configured (the local runner, tests): one line per event,
 * {@code connection event <detail-type> <detail JSON>}, the detail exactly as EventBridge would get it.
 */
public final class LoggedConnectionEvents implements ConnectionEvents {
    private static final Logger LOG = LoggerFactory.getLogger(LoggedConnectionEvents.class);
    public static final String PREFIX = "connection event ";

    private final ConnectionEventDetail detail;

    public LoggedConnectionEvents(ConnectionEventDetail detail) {
        this.detail = detail;
    }

    @Override
    public void publish(ConnectionEvent event) {
        LOG.info(PREFIX + "{} {}", event.type().detailType(), detail.toJson(event));
    }
}
