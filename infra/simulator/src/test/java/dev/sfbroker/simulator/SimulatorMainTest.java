package dev.sfbroker.simulator;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The standalone process: its arguments, and the demo world someone can try their own client against. */
class SimulatorMainTest extends SimulatorTestBase {

    // SimulatorMain [port] [--demo], in any order
    @Test
    void mainTakesAPortAndTheDemoFlagInAnyOrder() {
        assertEquals(8089, SimulatorMain.port(new String[]{"--demo", "8089"}));
        assertTrue(SimulatorMain.demo(new String[]{"8089", "--demo"}));
        assertFalse(SimulatorMain.demo(new String[]{"8089"}));
    }

    // --demo: the private key is written to an owner-only temp file, outside the repo, and it logs in
    @Test
    void demoWorldKeyFileIsAPrivateTempFileThatLogsIn() throws Exception {
        DemoWorld demo = DemoWorld.create(sim);
        Path keyFile = demo.privateKeyFile();
        assertTrue(keyFile.startsWith(Path.of(System.getProperty("java.io.tmpdir"))), keyFile.toString());
        assertFalse(keyFile.toAbsolutePath().startsWith(Path.of("../..").toAbsolutePath().normalize()), "not in the repo");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));

        String jwt = JwtAssertion.builder().issuer(demo.app().consumerKey()).subject(DemoWorld.USERNAME)
                .audience(LOGIN).expiresAt(sim.clock().instant().plusSeconds(180))
                .sign(readPkcs8(Files.readString(keyFile)));
        assertEquals(200, postForm(Map.of("grant_type", JWT_BEARER, "assertion", jwt)).statusCode());
        assertTrue(String.join("\n", demo.describe(sim)).contains(demo.app().consumerKey()));
        Files.delete(keyFile);
    }

    private static PrivateKey readPkcs8(String pem) throws Exception {
        // the base64 lines between the PEM boundaries
        String base64 = pem.lines().filter(line -> !line.startsWith("-----")).collect(Collectors.joining());
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
