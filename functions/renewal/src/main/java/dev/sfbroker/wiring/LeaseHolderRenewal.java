package dev.sfbroker.wiring;

import dev.sfbroker.token.Renewer;
import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;

/**
 * After a SnapStart restore, the renewer takes a new lease-holder name: every environment restored from one
 * snapshot would otherwise hold leases under the same name, and fencing would let two of them renew at once.
 */
@Singleton
final class LeaseHolderRenewal implements OrderedResource {
    private final Renewer renewer;

    LeaseHolderRenewal(Renewer renewer) {
        this.renewer = renewer;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        // the name is replaced after restore; nothing to prepare
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        renewer.renewInstanceId();
    }
}
