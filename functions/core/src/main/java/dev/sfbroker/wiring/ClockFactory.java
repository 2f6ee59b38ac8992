package dev.sfbroker.wiring;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The broker's clock: the system's, unless the application was started with a clock of its own (tests, simulated time). */
@Factory
final class ClockFactory {

    @Singleton
    @Requires(missingBeans = Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }
}
