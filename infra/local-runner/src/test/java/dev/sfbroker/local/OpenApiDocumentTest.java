package dev.sfbroker.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The published document is the one the build generates from the controllers, so it cannot drift from them. */
class OpenApiDocumentTest {
    private static final Path PUBLISHED = Path.of("../../docs/openapi.yaml");
    private static final Path GENERATED = Path.of("target/openapi.yaml");

    @Test
    void docsOpenApiYamlIsTheDocumentGeneratedFromTheControllers() throws Exception {
        String generated = OpenApiDocument.yaml();
        Files.writeString(GENERATED, generated);

        assertThat(Files.readString(PUBLISHED))
                .as("docs/openapi.yaml differs from the controllers' document; update it: cp infra/local-runner/target/openapi.yaml docs/openapi.yaml")
                .isEqualTo(generated);
    }

    @Test
    void everyRouteIsDocumented() {
        assertThat(OpenApiDocument.yaml()).contains("  /health:", "  /connections/{id}/token:", "  /connections/{id}/token/rejected:",
                "  /oauth/callback:", "  /ops/connections:", "  /ops/connections/{id}:", "  /ops/connections/{id}/audit:",
                "  /ops/connections/{id}/authorization:", "  /ops/incidents/revoke:", "  /ops/policy-audit:");
    }
}
