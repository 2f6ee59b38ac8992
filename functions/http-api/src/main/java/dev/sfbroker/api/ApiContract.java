package dev.sfbroker.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * The OpenAPI document's header and security scheme. Each HTTP function module documents its own controllers; the
 * documents are merged into the one published as {@code docs/openapi.yaml}. The error responses are grouped in
 * {@link DocumentedErrors}.
 */
@OpenAPIDefinition(
        info = @Info(title = "Salesforce token broker", version = "1",
                description = "Integration code fetches Salesforce access tokens (token routes); operators register, inspect,"
                        + " revoke and audit connections (ops routes). Every request is signed with AWS SigV4 (service"
                        + " execute-api) by an IAM principal; API Gateway authenticates it. Errors are JSON with a stable"
                        + " `error` code."))
@SecurityScheme(name = ApiContract.SIGV4, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER, paramName = "Authorization",
        description = "AWS Signature Version 4 (service execute-api), checked by API Gateway's IAM authoriser.",
        extensions = @Extension(properties = @ExtensionProperty(name = "x-amazon-apigateway-authtype", value = "awsSigv4")))
public final class ApiContract {
    public static final String SIGV4 = "sigv4";


    private ApiContract() {
    }
}
