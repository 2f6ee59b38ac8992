package dev.sfbroker.wiring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one priming step before a SnapStart snapshot (or at start-up with {@code crac.enabled}): the classes it
 * loads and the clients it warms land in the snapshot instead of the first request. A step that fails is logged
 * and skipped; priming must never stop a function from starting.
 */
public final class Priming {
    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);

    private Priming() {
    }

    public static void step(String what, Step step) {
        long start = System.nanoTime();
        try {
            step.run();
            LOG.info("primed {} in {} ms", what, (System.nanoTime() - start) / 1_000_000);
        } catch (Exception | LinkageError e) {
            LOG.warn("priming {} failed, the first request will pay for it: {}", what, e.toString());
        }
    }

    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }
}
