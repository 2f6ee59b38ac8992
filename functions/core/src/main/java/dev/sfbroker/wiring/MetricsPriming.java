package dev.sfbroker.wiring;

import dev.sfbroker.observability.CloudWatchMetrics;
import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;

/**
 * Primes the metrics: one embedded-metric-format line serialised and never written, so no data point is made up and
 * the first real line does not pay for the serialiser's start (tens of milliseconds on a cold JVM).
 */
@Singleton
final class MetricsPriming implements OrderedResource {
    private final CloudWatchMetrics metrics;

    MetricsPriming(CloudWatchMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        Priming.step("metrics line", metrics::serialiseWithoutWriting);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing unique to an instance
    }
}
