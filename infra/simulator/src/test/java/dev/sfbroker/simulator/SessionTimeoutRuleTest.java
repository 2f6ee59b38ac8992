package dev.sfbroker.simulator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How the connected app's and the org's session timeouts combine, both ways: the tighter of the two
 * by default ("the tighter of the connected app's and the org's session timeout"), or the
 * app's overriding the org's. Either way the timeout slides with use.
 */
class SessionTimeoutRuleTest extends SimulatorTestBase {

    private static final String LIMITS = "/services/data/v62.0/limits";

    @BeforeEach
    void freezeTime() {
        sim.clock().freeze();
    }

    // the default rule is the tighter of app and org
    @Test
    void defaultRuleIsTheTighterOfAppAndOrg() {
        assertEquals(SessionTimeoutRule.TIGHTER_OF_APP_AND_ORG, sim.settings().sessionTimeoutRule());
    }

    // an app timeout longer than the org's does not lengthen sessions past the org's
    @Test
    void tighterRuleCapsALongerAppTimeoutAtTheOrgs() {
        org.sessionTimeout(Duration.ofMinutes(120));
        app.sessionTimeout(Duration.ofMinutes(240));
        assertEquals(Duration.ofMinutes(120), app.effectiveSessionTimeout(user));
        String token = accessToken();
        sim.clock().advance(Duration.ofMinutes(121));
        assertEquals(401, get(LIMITS, token).statusCode());
    }

    // an app timeout shorter than the org's shortens sessions
    @Test
    void tighterRuleTakesAShorterAppTimeout() {
        app.sessionTimeout(Duration.ofMinutes(15));
        String token = accessToken();
        sim.clock().advance(Duration.ofMinutes(14));
        assertEquals(200, get(LIMITS, token).statusCode());
        sim.clock().advance(Duration.ofMinutes(16));
        assertEquals(401, get(LIMITS, token).statusCode());
    }

    // with APP_OVERRIDES_ORG a longer app timeout outlives the org's
    @Test
    void appOverridesOrgRuleLetsALongerAppTimeoutOutliveTheOrgs() {
        sim.settings().sessionTimeoutRule(SessionTimeoutRule.APP_OVERRIDES_ORG);
        app.sessionTimeout(Duration.ofMinutes(240));
        assertEquals(Duration.ofMinutes(240), app.effectiveSessionTimeout(user));
        String token = accessToken();
        sim.clock().advance(Duration.ofMinutes(121));
        assertEquals(200, get(LIMITS, token).statusCode());
        sim.clock().advance(Duration.ofMinutes(241));
        assertEquals(401, get(LIMITS, token).statusCode());
    }

    // without an app timeout both rules give the org's
    @Test
    void withoutAnAppTimeoutBothRulesGiveTheOrgs() {
        org.sessionTimeout(Duration.ofMinutes(45));
        for (SessionTimeoutRule rule : SessionTimeoutRule.values()) {
            sim.settings().sessionTimeoutRule(rule);
            assertEquals(Duration.ofMinutes(45), app.effectiveSessionTimeout(user), rule.name());
        }
    }

    // "if you make an API call, the inactivity timer is reset": the effective timeout slides with use
    @Test
    void effectiveTimeoutSlidesWithUse() {
        app.sessionTimeout(Duration.ofMinutes(30));
        String token = accessToken();
        for (int i = 0; i < 4; i++) {
            sim.clock().advance(Duration.ofMinutes(25));
            assertEquals(200, get(LIMITS, token).statusCode(), "call " + i);
        }
        sim.clock().advance(Duration.ofMinutes(31));
        assertEquals(401, get(LIMITS, token).statusCode());
    }

    // the rule is fixed when the session is created: changing it later leaves live sessions alone
    @Test
    void ruleIsFixedWhenTheSessionIsCreated() {
        app.sessionTimeout(Duration.ofMinutes(240));
        String token = accessToken();
        sim.settings().sessionTimeoutRule(SessionTimeoutRule.APP_OVERRIDES_ORG);
        assertEquals(Duration.ofMinutes(120), sim.session(token).orElseThrow().timeout());
    }
}
