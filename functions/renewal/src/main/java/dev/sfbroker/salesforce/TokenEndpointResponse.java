package dev.sfbroker.salesforce;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * The JSON body of Salesforce's token endpoint, success or error. {@code issued_at} is epoch milliseconds as
 * a string, and there is no {@code expires_in}.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
record TokenEndpointResponse(
        String accessToken,
        String refreshToken,
        String instanceUrl,
        String id,
        String tokenType,
        String scope,
        String issuedAt,
        String signature,
        String error,
        String errorDescription) {

    @Override
    public String toString() {
        return "TokenEndpointResponse[instanceUrl=" + instanceUrl + ", error=" + error + "]";
    }
}
