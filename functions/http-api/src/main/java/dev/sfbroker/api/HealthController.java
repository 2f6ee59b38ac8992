package dev.sfbroker.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;

/**
 * {@code GET /health} for load balancers and the local runner: the function answers HTTP. It needs no identity, so
 * it says nothing else: no version, no connections, no dependency state.
 */
@Controller("/health")
@Tag(name = "health")
final class HealthController {

    @Get
    @Operation(summary = "The function answers HTTP", description = "Needs no signature and tells nothing else.")
    @ApiResponse(responseCode = "200", description = "The function serves HTTP.",
            content = @Content(examples = @ExampleObject(value = "{\"status\":\"ok\"}")))
    HttpResponse<Map<String, String>> health() {
        return HttpResponse.ok(Map.of("status", "ok"));
    }
}
