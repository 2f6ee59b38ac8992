package dev.sfbroker.simulator;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * {@code /__sim/settings}: every {@link SimSettings} knob as one JSON field of the same name.
 * GET reads them all, PATCH changes the fields given, PUT sets the fields given and puts every
 * other back to its default. Errors are {@code {"error","description","status"}}; durations ISO-8601.
 */
final class SettingsResource {

    private static final JsonCodec<SessionTimeoutRule> RULE = JsonCodec.enumOf(SessionTimeoutRule.class);
    private static final JsonCodec<TokenRequestLock> LOCK = JsonCodec.enumOf(TokenRequestLock.class);

    static final JsonFields<SimSettings> FIELDS = new JsonFields<SimSettings>()
            .field("acceptMyDomainAudience", JsonCodec.BOOLEAN, SimSettings::acceptMyDomainAudience, SimSettings::acceptMyDomainAudience)
            .field("acceptSchemelessAudience", JsonCodec.BOOLEAN, SimSettings::acceptSchemelessAudience, SimSettings::acceptSchemelessAudience)
            .field("acceptPrnClaim", JsonCodec.BOOLEAN, SimSettings::acceptPrnClaim, SimSettings::acceptPrnClaim)
            .field("jwtExpBackwardSkew", JsonCodec.DURATION, SimSettings::jwtExpBackwardSkew, SimSettings::jwtExpBackwardSkew)
            .field("enforceJwtExpMax", JsonCodec.BOOLEAN, SimSettings::enforceJwtExpMax, SimSettings::enforceJwtExpMax)
            .field("jwtExpMax", JsonCodec.DURATION, SimSettings::jwtExpMax, SimSettings::jwtExpMax)
            .field("unknownUserError", JsonCodec.OAUTH_ERROR, SimSettings::unknownUserError, SimSettings::unknownUserError)
            .field("inactiveUserError", JsonCodec.OAUTH_ERROR, SimSettings::inactiveUserError, SimSettings::inactiveUserError)
            .field("inactiveOrgError", JsonCodec.OAUTH_ERROR, SimSettings::inactiveOrgError, SimSettings::inactiveOrgError)
            .field("notAdminApprovedError", JsonCodec.OAUTH_ERROR, SimSettings::notAdminApprovedError, SimSettings::notAdminApprovedError)
            .field("ecaNotInstalledError", JsonCodec.OAUTH_ERROR, SimSettings::ecaNotInstalledError, SimSettings::ecaNotInstalledError)
            .field("loginRatePerHour", JsonCodec.INT, SimSettings::loginRatePerHour, SimSettings::loginRatePerHour)
            .field("loginRateExceededError", JsonCodec.OAUTH_ERROR, SimSettings::loginRateExceededError, SimSettings::loginRateExceededError)
            .field("jwtIssuedAtAndSignature", JsonCodec.BOOLEAN, SimSettings::jwtIssuedAtAndSignature, SimSettings::jwtIssuedAtAndSignature)
            .field("jwtReuseLiveSession", JsonCodec.BOOLEAN, SimSettings::jwtReuseLiveSession, SimSettings::jwtReuseLiveSession)
            .field("sessionTimeoutRule", RULE, SimSettings::sessionTimeoutRule, SimSettings::sessionTimeoutRule)
            .field("maxApprovalsPerUserPerApp", JsonCodec.INT, SimSettings::maxApprovalsPerUserPerApp, SimSettings::maxApprovalsPerUserPerApp)
            .field("jwtTakesApprovalSlot", JsonCodec.BOOLEAN, SimSettings::jwtTakesApprovalSlot, SimSettings::jwtTakesApprovalSlot)
            .field("jwtCreatesOauthTokenRow", JsonCodec.BOOLEAN, SimSettings::jwtCreatesOauthTokenRow, SimSettings::jwtCreatesOauthTokenRow)
            .field("refreshCountsAsLogin", JsonCodec.BOOLEAN, SimSettings::refreshCountsAsLogin, SimSettings::refreshCountsAsLogin)
            .field("invalidClientError", JsonCodec.OAUTH_ERROR, SimSettings::invalidClientError, SimSettings::invalidClientError)
            .field("introspectInvalidClientError", JsonCodec.OAUTH_ERROR, SimSettings::introspectInvalidClientError, SimSettings::introspectInvalidClientError)
            .field("introspectClientIdIsAppName", JsonCodec.BOOLEAN, SimSettings::introspectClientIdIsAppName, SimSettings::introspectClientIdIsAppName)
            .field("authorizationCodeTtl", JsonCodec.DURATION, SimSettings::authorizationCodeTtl, SimSettings::authorizationCodeTtl)
            .field("tokenRequestLock", LOCK, SimSettings::tokenRequestLock, SimSettings::tokenRequestLock)
            .field("tokenRequestInProcessingError", JsonCodec.OAUTH_ERROR, SimSettings::tokenRequestInProcessingError, SimSettings::tokenRequestInProcessingError);

    private final SimSettings settings;

    SettingsResource(SimSettings settings) {
        this.settings = settings;
    }

    ControlResponse get() {
        return ControlResponse.ok(FIELDS.write(settings));
    }

    ControlResponse update(ControlRequest request) throws IOException {
        Consumer<SimSettings> change = checked(request.body());
        change.accept(settings);
        return get();
    }

    ControlResponse replace(ControlRequest request) throws IOException {
        Consumer<SimSettings> change = checked(request.body());
        synchronized (settings) {
            settings.reset();
            change.accept(settings);
        }
        return get();
    }

    /** The change, tried on a scratch copy first so that a value a setter refuses changes nothing. */
    private static Consumer<SimSettings> checked(JsonBody body) {
        Consumer<SimSettings> change = FIELDS.parse(body);
        body.finish();
        change.accept(new SimSettings());
        return change;
    }
}
