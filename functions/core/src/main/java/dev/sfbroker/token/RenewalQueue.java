package dev.sfbroker.token;

import java.util.List;

/** Where the scheduled refresh sends batches of due connections for the refresh workers to renew. */
public interface RenewalQueue {

    /**
     * Sends each batch of connection ids as one message; throws if some may not have been sent (the next run sends the
     * connections still due again, and the lease keeps a connection queued twice from being renewed twice).
     */
    void send(List<List<String>> batches);
}
