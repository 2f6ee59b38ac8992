package dev.sfbroker.salesforce.admin;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/** One answer of the REST query resource: records, and where the next page is while {@code done} is false. */
@Serdeable
record QueryPage(boolean done, String nextRecordsUrl, List<Map<String, Object>> records) {
}
