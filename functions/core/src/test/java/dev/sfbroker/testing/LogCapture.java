package dev.sfbroker.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

/** Records every log event of the test JVM, so tests can prove no token reaches a log. */
public final class LogCapture implements AutoCloseable {
    /** The shape of a Salesforce access token: 15-character org id, '!', opaque string. */
    public static final Pattern SALESFORCE_TOKEN = Pattern.compile("00D[A-Za-z0-9]{12}![A-Za-z0-9._]{20,}");

    private final LoggerContext logging = (LoggerContext) LogManager.getContext(false);
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AbstractAppender appender = new AbstractAppender("capture-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
            lines.add(event.getMessage().getFormattedMessage());
            for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                lines.add(t.getClass().getName() + ": " + t.getMessage());
            }
        }
    };

    public LogCapture() {
        appender.start();
        // the broker's loggers are additive: their events reach the root logger's appenders
        Configuration configuration = logging.getConfiguration();
        configuration.getRootLogger().addAppender(appender, null, null);
        logging.updateLoggers();
    }

    /** Every message and exception text logged so far. */
    public List<String> lines() {
        return new ArrayList<>(lines);
    }

    @Override
    public void close() {
        Configuration configuration = logging.getConfiguration();
        configuration.getRootLogger().removeAppender(appender.getName());
        logging.updateLoggers();
        appender.stop();
    }
}
