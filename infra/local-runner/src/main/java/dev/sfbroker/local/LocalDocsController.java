package dev.sfbroker.local;

import dev.sfbroker.console.OpsConsole;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** What the local broker serves besides the API: its OpenAPI document and the ops console page. */
@Controller
final class LocalDocsController {
    private static final String YAML = "application/yaml";

    private final String openApi = OpenApiDocument.yaml();
    private final String console = consolePage();

    @Get("/openapi.yaml")
    @Produces(YAML)
    HttpResponse<String> openApi() {
        return HttpResponse.ok(openApi);
    }

    /** The page calls the ops API on this origin, as the local developer (the operator here). */
    @Get("/console")
    @Produces(MediaType.TEXT_HTML)
    HttpResponse<String> console() {
        return HttpResponse.ok(console).header("Content-Security-Policy", OpsConsole.CONTENT_SECURITY_POLICY);
    }

    private static String consolePage() {
        try (InputStream in = OpsConsole.class.getResourceAsStream(OpsConsole.PAGE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
