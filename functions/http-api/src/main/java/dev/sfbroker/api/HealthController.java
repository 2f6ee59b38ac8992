package dev.sfbroker.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.Map;

/**
 * {@code GET /health} for load balancers and the local runner: the function answers HTTP. It needs no identity, so
 * it says nothing else: no version, no connections, no dependency state.
 */
@Controller("/health")
final class HealthController {

    @Get
    HttpResponse<Map<String, String>> health() {
        return HttpResponse.ok(Map.of("status", "ok"));
    }
}
