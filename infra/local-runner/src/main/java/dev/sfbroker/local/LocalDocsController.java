package dev.sfbroker.local;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

/** What the local broker serves besides the API: its OpenAPI document. */
@Controller
final class LocalDocsController {
    private static final String YAML = "application/yaml";

    private final String openApi = OpenApiDocument.yaml();

    @Get("/openapi.yaml")
    @Produces(YAML)
    HttpResponse<String> openApi() {
        return HttpResponse.ok(openApi);
    }
}
