package dev.sfbroker.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which answers of the token endpoint are refusals, which leave the outcome unknown, and which mean nothing was sent. */
class TokenAnswerTest {
    private static final String HTML = "text/html;charset=UTF-8";
    private static final String JSON = "application/json;charset=UTF-8";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);

    @Test
    void aTokenResponseIsIssued() {
        TokenEndpointResponse body = tokenResponse("00Dx!token");

        assertThat(TokenAnswer.of(200, JSON, body)).isEqualTo(new TokenAnswer.Issued(body));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                answer("400 invalid_grant", 400, oauthError("invalid_grant", "expired access/refresh token")),
                answer("400 without error_description", 400, oauthError("inactive_user", null)),
                answer("401 invalid_client", 401, oauthError("invalid_client", "invalid client credentials")),
                answer("429 with an OAuth error", 429, oauthError("rate_limit_exceeded", "login rate exceeded")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void onlyAnOAuthErrorOfTheTokenEndpointIsARefusal(int status, TokenEndpointResponse body) {
        assertThat(TokenAnswer.of(status, JSON, body)).isEqualTo(new TokenAnswer.Refused(body.error(), body.errorDescription()));
    }

    static Stream<Arguments> unknownOutcomes() {
        return Stream.of(
                answer("502 from a load balancer (not JSON)", 502, null),
                answer("503 maintenance page (not JSON)", 503, null),
                answer("504 from a gateway (not JSON)", 504, null),
                answer("500 even with an OAuth error", 500, oauthError("invalid_grant", "expired access/refresh token")),
                answer("429 without an OAuth error", 429, new TokenEndpointResponse(null, null, null, null, null, null, null, null, null, null)),
                answer("404 page (not JSON)", 404, null),
                answer("200 whose body is not a token response (truncated)", 200, null),
                answer("200 without an access token", 200, tokenResponse(null)),
                answer("302 redirect", 302, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownOutcomes")
    void anyOtherAnswerLeavesTheOutcomeUnknown(int status, TokenEndpointResponse body) {
        TokenAnswer answer = TokenAnswer.of(status, HTML, body);

        assertThat(answer).isInstanceOf(TokenAnswer.OutcomeUnknown.class);
        assertThat(((TokenAnswer.OutcomeUnknown) answer).answer()).startsWith("answered HTTP " + status + " (" + HTML + ")");
    }

    static Stream<Arguments> notAnswered() {
        return Stream.of(
                Arguments.of(Named.of("connection refused", new ConnectException("Connection refused")), true),
                Arguments.of(Named.of("host name not found", new UnknownHostException("login.example")), true),
                Arguments.of(Named.of("TLS handshake failed", new SSLHandshakeException("bad certificate")), true),
                Arguments.of(Named.of("connect timed out", new HttpConnectTimeoutException("HTTP connect timed out")), true),
                Arguments.of(Named.of("no answer in time", new HttpTimeoutException("request timed out")), false),
                Arguments.of(Named.of("connection dropped", new IOException("Connection reset")), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notAnswered")
    void aRequestThatNeverLeftIsNeverSentAndAnyOtherSilenceIsUnknown(IOException failure, boolean neverSent) {
        assertThat(TokenAnswer.of(failure, REQUEST_TIMEOUT))
                .isInstanceOf(neverSent ? TokenAnswer.NeverSent.class : TokenAnswer.OutcomeUnknown.class);
    }

    private static Arguments answer(String name, int status, TokenEndpointResponse body) {
        return Arguments.of(Named.of(name, status), body);
    }

    private static TokenEndpointResponse oauthError(String error, String description) {
        return new TokenEndpointResponse(null, null, null, null, null, null, null, null, error, description);
    }

    private static TokenEndpointResponse tokenResponse(String accessToken) {
        return new TokenEndpointResponse(accessToken, null, "https://acme.my.salesforce.com", null, "Bearer", "api", "1700000000000",
                null, null, null);
    }
}
