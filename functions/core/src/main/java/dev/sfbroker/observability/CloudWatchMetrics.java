package dev.sfbroker.observability;

import dev.sfbroker.token.Connection;
import dev.sfbroker.token.ConnectionEvent;
import dev.sfbroker.token.Failure;
import dev.sfbroker.token.FailureClass;
import dev.sfbroker.token.RenewalEvents;
import dev.sfbroker.token.ScheduledRenewal;
import dev.sfbroker.token.TokenSet;
import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;
import software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider;

/**
 * Metrics as CloudWatch embedded metric format lines on standard output (Powertools' functional API): CloudWatch
 * extracts them from the function's log with no API call and no extra permission. Namespace {@code TokenBroker};
 * every metric has the dimension {@code Function}, failures also {@code Function, FailureClass} and findings
 * {@code Function, Rule}. Each event is flushed at once as one line, so nothing waits for the end of an invocation
 * and concurrent renewals never share a line.
 */
public final class CloudWatchMetrics implements RenewalEvents {
    public static final String NAMESPACE = "TokenBroker";

    private final Metrics metrics;
    private final String function;

    /** @param function the Lambda function's name ({@code AWS_LAMBDA_FUNCTION_NAME}), or {@code local} */
    public CloudWatchMetrics(String function, boolean inLambda) {
        // without an override the EMF library probes ECS and EC2 metadata, then a CloudWatch agent over TCP
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(inLambda ? Environments.Lambda : Environments.Local);
        // a plain instance, not the factory's request-scoped proxy, which keeps one instance per trace id for ever
        this.metrics = new EmfMetricsProvider().getMetricsInstance();
        this.function = function;
    }

    @Override
    public void renewed(Connection connection, TokenSet token) {
        flush(line -> line.addMetric("TokensRenewed", 1, MetricUnit.COUNT));
    }

    @Override
    public void failed(Connection connection, Failure failure) {
        FailureClass failureClass = failure.failureClass();
        flush(line -> {
            line.addDimension(DimensionSet.of("Function", function, "FailureClass", failureClass.name()));
            line.addMetric("RenewalsFailed", 1, MetricUnit.COUNT);
            if (failureClass.blocksConnectionAs() != null) {
                line.addMetric("ConnectionsBlocked", 1, MetricUnit.COUNT);
            }
            if (failureClass == FailureClass.OUTCOME_UNKNOWN) {
                line.addMetric("OutcomeUnknownRenewals", 1, MetricUnit.COUNT);
            }
        });
    }

    @Override
    public void grantLost(Connection connection) {
        flush(line -> line.addMetric("GrantsLost", 1, MetricUnit.COUNT));
    }

    @Override
    public void loginBudgetSpent(Connection connection, int used, int limit) {
        flush(line -> line.addMetric("LoginBudgetUsed", 100.0 * used / limit, MetricUnit.PERCENT));
    }

    @Override
    public void loginBudgetExhausted(Connection connection) {
        flush(line -> line.addMetric("LoginBudgetExhausted", 1, MetricUnit.COUNT));
    }

    @Override
    public void tokenServed(Duration latency) {
        flush(line -> line.addMetric("TokenFetchLatency", latency.toNanos() / 1e6, MetricUnit.MILLISECONDS));
    }

    @Override
    public void scheduleRun(ScheduledRenewal.Report report, Duration took) {
        flush(line -> {
            line.addMetric("ScheduledRefreshRuns", 1, MetricUnit.COUNT);
            line.addMetric("ScheduledRefreshDuration", took.toMillis(), MetricUnit.MILLISECONDS);
            addConnectionCounts(line, report);
            line.addMetric("ConnectionsQueued", report.queued(), MetricUnit.COUNT);
            line.addMetric("BatchesQueued", report.batchesQueued(), MetricUnit.COUNT);
        });
    }

    @Override
    public void refreshWorkerRun(ScheduledRenewal.Report connections, int batches, int batchesReturned, Duration took) {
        // the connection counts keep the scheduled run's names; the Function dimension tells the worker apart
        flush(line -> {
            line.addMetric("RefreshWorkerRuns", 1, MetricUnit.COUNT);
            line.addMetric("RefreshWorkerDuration", took.toMillis(), MetricUnit.MILLISECONDS);
            line.addMetric("BatchesReceived", batches, MetricUnit.COUNT);
            line.addMetric("BatchesReturned", batchesReturned, MetricUnit.COUNT);
            addConnectionCounts(line, connections);
        });
    }

    private static void addConnectionCounts(Metrics line, ScheduledRenewal.Report report) {
        line.addMetric("ConnectionsDue", report.due(), MetricUnit.COUNT);
        line.addMetric("ConnectionsRenewed", report.renewed(), MetricUnit.COUNT);
        line.addMetric("ConnectionsFailed", report.failed(), MetricUnit.COUNT);
        line.addMetric("ConnectionsDeferred", report.deferred(), MetricUnit.COUNT);
    }

    @Override
    public void policyAuditRun(int connections, int findings) {
        flush(line -> {
            line.addMetric("PolicyAuditRuns", 1, MetricUnit.COUNT);
            line.addMetric("PolicyAuditConnections", connections, MetricUnit.COUNT);
            line.addMetric("PolicyFindings", findings, MetricUnit.COUNT);
        });
    }

    @Override
    public void policyFinding(String ruleId) {
        flush(line -> {
            line.addDimension(DimensionSet.of("Function", function, "Rule", ruleId));
            line.addMetric("NewCriticalPolicyFindings", 1, MetricUnit.COUNT);
        });
    }

    @Override
    public void allowedPrincipalsChanged(Connection connection) {
        flush(line -> line.addMetric("AllowedPrincipalsChanged", 1, MetricUnit.COUNT));
    }

    @Override
    public void connectionEventNotPublished(ConnectionEvent.Type type) {
        flush(line -> line.addMetric("ConnectionEventsNotPublished", 1, MetricUnit.COUNT));
    }

    /**
     * Builds and serialises one line as {@link #tokenServed} would, and writes it nowhere: the serialiser (Jackson,
     * which introspects the line's classes on first use) is then ready for the first real line. For priming.
     */
    public void serialiseWithoutWriting() throws Exception {
        MetricsContext line = new MetricsContext();
        line.setNamespace(NAMESPACE);
        line.setDefaultDimensions(software.amazon.cloudwatchlogs.emf.model.DimensionSet.of("Function", function));
        line.putMetric("TokenFetchLatency", 1.0, Unit.MILLISECONDS);
        line.serialize();
    }

    /** One line: the namespace, the {@code Function} dimension set, and whatever {@code metric} adds. */
    private void flush(Consumer<Metrics> metric) {
        metrics.flushMetrics(line -> {
            line.setNamespace(NAMESPACE);
            line.setDefaultDimensions(DimensionSet.of("Function", function));
            metric.accept(line);
        });
    }
}
