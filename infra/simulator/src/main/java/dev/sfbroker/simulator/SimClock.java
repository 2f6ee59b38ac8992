package dev.sfbroker.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The simulator's clock. It follows the system clock plus an offset, so tests move time forward
 * with {@link #advance(Duration)} instead of sleeping; {@link #freeze()} stops it for exact
 * arithmetic. Every time-based rule (JWT {@code exp}, session expiry, login rate) reads this clock.
 * Thread safe.
 */
public final class SimClock extends Clock {

    private final Clock system;
    private volatile Duration offset = Duration.ZERO;
    private volatile Instant frozenAt;

    SimClock() {
        this(Clock.systemUTC());
    }

    SimClock(Clock system) {
        this.system = Objects.requireNonNull(system);
    }

    @Override
    public Instant instant() {
        Instant frozen = frozenAt;
        return frozen != null ? frozen : system.instant().plus(offset);
    }

    /** Same as {@link #instant()}. */
    public Instant now() {
        return instant();
    }

    /** Moves time forward (or back, with a negative duration). */
    public synchronized SimClock advance(Duration by) {
        Objects.requireNonNull(by, "by");
        if (frozenAt != null) {
            frozenAt = frozenAt.plus(by);
        } else {
            offset = offset.plus(by);
        }
        return this;
    }

    /** Jumps to the given instant; a running clock keeps running from there. */
    public synchronized SimClock set(Instant to) {
        Objects.requireNonNull(to, "to");
        if (frozenAt != null) {
            frozenAt = to;
        } else {
            offset = Duration.between(system.instant(), to);
        }
        return this;
    }

    /** Stops the clock at the current instant until {@link #resume()}. */
    public synchronized SimClock freeze() {
        if (frozenAt == null) {
            frozenAt = instant();
        }
        return this;
    }

    /** Lets a frozen clock run again from where it stopped. */
    public synchronized SimClock resume() {
        if (frozenAt != null) {
            offset = Duration.between(system.instant(), frozenAt);
            frozenAt = null;
        }
        return this;
    }

    public boolean isFrozen() {
        return frozenAt != null;
    }

    /** Back to the system clock: no offset, not frozen. */
    public synchronized SimClock reset() {
        frozenAt = null;
        offset = Duration.ZERO;
        return this;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The simulator's clock is always UTC; a clock in another zone is a plain read-only view. */
    @Override
    public Clock withZone(ZoneId zone) {
        SimClock self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return self.withZone(other);
            }

            @Override
            public Instant instant() {
                return self.instant();
            }
        };
    }

    @Override
    public String toString() {
        return "SimClock[" + instant() + (isFrozen() ? ", frozen]" : "]");
    }
}
