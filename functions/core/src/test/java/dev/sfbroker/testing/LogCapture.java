package dev.sfbroker.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/** Records every log event of the test JVM, so tests can prove no token reaches a log. */
public final class LogCapture implements AutoCloseable {
    /** The shape of a Salesforce access token: 15-character org id, '!', opaque string. */
    public static final Pattern SALESFORCE_TOKEN = Pattern.compile("00D[A-Za-z0-9]{12}![A-Za-z0-9._]{20,}");

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture() {
        appender.start();
        root.addAppender(appender);
    }

    /** Every message and exception text logged so far. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(appender.list)) {
            lines.add(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                lines.add(t.getClassName() + ": " + t.getMessage());
            }
        }
        return lines;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
    }
}
