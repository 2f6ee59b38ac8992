package dev.sfbroker.queue;

import dev.sfbroker.token.RenewalQueue;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** The refresh workers' SQS queue: each batch of connection ids is one message, its body a JSON list of the ids. */
public final class SqsRenewalQueue implements RenewalQueue {
    /** SendMessageBatch takes at most ten messages. */
    static final int MESSAGES_PER_REQUEST = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final JsonMapper json;

    public SqsRenewalQueue(SqsClient sqs, String queueUrl, JsonMapper json) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.json = json;
    }

    @Override
    public void send(List<List<String>> batches) {
        for (int from = 0; from < batches.size(); from += MESSAGES_PER_REQUEST) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(from + MESSAGES_PER_REQUEST, batches.size()); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(body(batches.get(i))).build());
            }
            SendMessageBatchResponse response = sqs.sendMessageBatch(request -> request.queueUrl(queueUrl).entries(entries));
            if (!response.failed().isEmpty()) {
                // the run fails (and its alarm with it); the connections stay due, so the next run sends them again
                throw new IllegalStateException("the queue refused " + response.failed().size() + " of " + entries.size()
                        + " messages (" + response.failed().getFirst().code() + ")");
            }
        }
    }

    private String body(List<String> connectionIds) {
        try {
            return json.writeValueAsString(connectionIds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
