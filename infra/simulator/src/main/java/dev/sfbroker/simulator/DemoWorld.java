package dev.sfbroker.simulator;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A demo org for trying a client against a standalone simulator: one production org, an active
 * user, and a connected app that pre-authorizes the user, with a freshly generated key. The
 * private key PEM goes to an owner-only temp file, deleted when the JVM exits; never into the repo.
 */
record DemoWorld(SimOrg org, SimUser user, SimConnectedApp app, Path privateKeyFile) {

    static final String USERNAME = "demo@simulator.example";

    static DemoWorld create(SalesforceSimulator sim) throws IOException {
        ConnectedAppKeys keys = ConnectedAppKeys.generate();
        SimOrg org = sim.addOrg("Demo");
        SimUser user = org.addUser(USERNAME);
        SimConnectedApp app = org.addConnectedApp("Demo Client", keys.certificatePem());
        app.preAuthorize(user);
        return new DemoWorld(org, user, app, writePrivateKey(keys.privateKeyPem()));
    }

    /** What a person needs to log in, for the console; no secret but the key file's path. */
    List<String> describe(SalesforceSimulator sim) {
        return List.of(
                "Demo org " + org.id() + " (" + org.loginUrl() + "), user " + user.username(),
                "Connected app consumer key (JWT iss): " + app.consumerKey(),
                "Private key (PKCS#8 PEM, deleted on exit): " + privateKeyFile,
                "JWT bearer: POST " + sim.tokenUrl() + " grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer,"
                        + " assertion signed RS256 with iss=<consumer key>, sub=" + user.username()
                        + ", aud=" + org.loginUrl() + ", exp=<now + 3 min>",
                "Consumer secret and settings: GET " + sim.baseUrl() + ControlApi.PREFIX + "connected-apps/" + app.consumerKey());
    }

    private static Path writePrivateKey(String pem) throws IOException {
        Path file = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile("sf-simulator-demo-", ".key.pem",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile("sf-simulator-demo-", ".key.pem");
        file.toFile().deleteOnExit();
        Files.writeString(file, pem);
        return file;
    }
}
