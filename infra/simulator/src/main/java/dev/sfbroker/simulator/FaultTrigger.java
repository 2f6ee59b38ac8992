package dev.sfbroker.simulator;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/** When a {@link SimFault} fires: on the next N calls, with a seeded probability, or until cleared. Thread safe. */
sealed interface FaultTrigger {

    /** Decides for one call; a {@link Times} trigger uses up one of its calls when it fires. */
    boolean fire();

    /** True once the trigger will never fire again (so the fault can be dropped). */
    default boolean exhausted() {
        return false;
    }

    /** The next {@code count} calls. */
    final class Times implements FaultTrigger {
        private final int count;
        private final AtomicInteger remaining;

        Times(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("times must be at least 1, not " + count);
            }
            this.count = count;
            this.remaining = new AtomicInteger(count);
        }

        @Override
        public boolean fire() {
            return remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        }

        @Override
        public boolean exhausted() {
            return remaining.get() == 0;
        }

        int count() {
            return count;
        }

        int remaining() {
            return remaining.get();
        }
    }

    /** Each call with probability {@code probability}, drawn from a {@link Random} seeded with {@code seed} (reproducible). */
    final class Chance implements FaultTrigger {
        private final double probability;
        private final long seed;
        private final Random random;

        Chance(double probability, long seed) {
            if (!(probability >= 0.0 && probability <= 1.0)) {
                throw new IllegalArgumentException("a probability is between 0 and 1, not " + probability);
            }
            this.probability = probability;
            this.seed = seed;
            this.random = new Random(seed);
        }

        @Override
        public synchronized boolean fire() {
            return random.nextDouble() < probability;
        }

        double probability() {
            return probability;
        }

        long seed() {
            return seed;
        }
    }

    /** Every call, until the fault is cleared. */
    final class UntilCleared implements FaultTrigger {
        @Override
        public boolean fire() {
            return true;
        }
    }
}
