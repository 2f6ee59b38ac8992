package dev.sfbroker.token;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Per-org back-off within one scheduled run: after a transient failure in an org, its next renewals wait an
 * exponentially growing, jittered pause; after {@code maxFailures} they are left for the next run. One
 * failing org neither hammers Salesforce nor holds up the others.
 */
public final class OrgBackoff {

    /** @param firstPause pause after the first failure, doubled per failure, capped at {@code maxPause}, ±50 % jitter */
    public record Settings(Duration firstPause, Duration maxPause, int maxFailures) {
    }

    private final Settings settings;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    OrgBackoff(Settings settings) {
        this.settings = settings;
    }

    /** Waits out the org's back-off; false if the org has failed too often in this run. */
    boolean awaitTurn(String org) {
        int failed = failures.getOrDefault(org, 0);
        if (failed >= settings.maxFailures()) {
            return false;
        }
        if (failed > 0) {
            sleep(pause(failed));
        }
        return true;
    }

    void failed(String org) {
        failures.merge(org, 1, Integer::sum);
    }

    private Duration pause(int failed) {
        long base = Math.min(settings.firstPause().toMillis() << Math.min(failed - 1, 20), settings.maxPause().toMillis());
        return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base + 1));
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
