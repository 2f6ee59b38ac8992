package dev.sfbroker.simulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ids, keys, connected apps and the clock, without HTTP. */
class ModelTest {

    // the doc example's 15- and 18-character org ids
    @Test
    void eighteenCharacterIdMatchesTheDocExample() {
        assertEquals("00Dxx0000001gPLEAY", SalesforceIds.to18("00Dxx0000001gPL"));
        assertEquals("005xx000001SwiUAAS", SalesforceIds.to18("005xx000001SwiU"));
        assertEquals("00Dxx0000001gPL", SalesforceIds.to15("00Dxx0000001gPLEAY"));
    }

    @Test
    void generatedIdsHaveThePrefixAndLength() {
        String id = SalesforceIds.newId15(SalesforceIds.USER_PREFIX);
        assertEquals(15, id.length());
        assertTrue(id.startsWith("005"));
    }

    // PKCS#8 private key and PEM certificate, RSA 2048
    @Test
    void generatedKeysArePemEncoded() {
        ConnectedAppKeys keys = SimulatorTestBase.KEYS;
        assertTrue(keys.privateKeyPem().startsWith(pemBegin("PRIVATE KEY")));
        assertTrue(keys.certificatePem().startsWith(pemBegin("CERTIFICATE")));
        assertEquals(2048, keys.publicKey().getModulus().bitLength());
        assertEquals("SHA256withRSA", keys.certificate().getSigAlgName());
        assertFalse(keys.toString().contains("PRIVATE"));
    }

    @Test
    void certificateValidityIsChosenByTheCaller() {
        Instant notBefore = Instant.parse("2020-01-01T00:00:00Z");
        ConnectedAppKeys expired = ConnectedAppKeys.generate(notBefore, notBefore.plus(Duration.ofDays(30)));
        assertEquals(Instant.parse("2020-01-31T00:00:00Z"), expired.notAfter());
        ConnectedAppKeys shortLived = ConnectedAppKeys.generate(Duration.ofDays(7));
        assertTrue(shortLived.notAfter().isBefore(Instant.now().plus(Duration.ofDays(7).plusMinutes(1))));
    }

    // consumer key 3MVG9..., secret, and the PEM the app was given
    @Test
    void connectedAppHasCredentialsAndCertificate() {
        try (SalesforceSimulator sim = SalesforceSimulator.start()) {
            SimConnectedApp app = sim.addOrg("acme").addConnectedApp("Broker", SimulatorTestBase.KEYS.certificatePem());
            assertTrue(app.consumerKey().startsWith("3MVG9"));
            assertEquals(64, app.consumerSecret().length());
            assertEquals(SimulatorTestBase.KEYS.certificate(), app.certificate().orElseThrow());
            assertEquals(app, sim.connectedApp(app.consumerKey()).orElseThrow());
            assertEquals(List.of("api", "refresh_token"), app.scopes());
            assertTrue(app.id().startsWith("0H4"));
        }
    }

    // an app is installed in its own org; only an external client app can be installed in others
    @Test
    void onlyAnExternalClientAppIsInstalledInOtherOrgs() {
        try (SalesforceSimulator sim = SalesforceSimulator.start()) {
            SimOrg acme = sim.addOrg("acme");
            SimOrg globex = sim.addOrg("globex");
            SimConnectedApp app = acme.addConnectedApp("Broker");
            assertTrue(app.isInstalledIn(acme));
            assertFalse(app.isInstalledIn(globex));
            assertThrows(IllegalStateException.class, () -> app.installIn(globex));
            assertTrue(app.externalClientApp(true).installIn(globex).isInstalledIn(globex));
            assertFalse(app.externalClientApp(false).isInstalledIn(globex), "a classic app serves its own org only");
        }
    }

    @Test
    void connectedAppRejectsSomethingThatIsNotACertificate() {
        try (SalesforceSimulator sim = SalesforceSimulator.start()) {
            SimOrg org = sim.addOrg("acme");
            assertThrows(IllegalArgumentException.class,
                    () -> org.addConnectedApp("Broker", SimulatorTestBase.KEYS.privateKeyPem()));
        }
    }

    // the clock moves without sleeping, and can be frozen
    @Test
    void clockAdvancesAndFreezes() {
        SimClock clock = new SimClock();
        Instant before = clock.instant();
        clock.advance(Duration.ofHours(2));
        assertTrue(Duration.between(before, clock.instant()).compareTo(Duration.ofHours(2)) >= 0);
        Instant frozen = clock.freeze().instant();
        assertEquals(frozen, clock.instant());
        clock.advance(Duration.ofMinutes(5));
        assertEquals(frozen.plus(Duration.ofMinutes(5)), clock.instant());
        clock.resume();
        assertFalse(clock.isFrozen());
        assertFalse(clock.instant().isBefore(frozen.plus(Duration.ofMinutes(5))));
    }

    /** A PEM block's first line, built from its label so no key-shaped text sits in the source. */
    private static String pemBegin(String label) {
        return "-".repeat(5) + "BEGIN " + label + "-".repeat(5) + "\n";
    }
}
