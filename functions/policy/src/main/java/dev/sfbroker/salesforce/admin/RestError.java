package dev.sfbroker.salesforce.admin;

import io.micronaut.serde.annotation.Serdeable;

/** One element of a REST API error body, {@code [{"message","errorCode"}]}. */
@Serdeable
record RestError(String errorCode, String message) {
}
