package dev.sfbroker.secrets;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Connected app credentials from a local directory, one {@code <name>.json} file per secret, for local runs.
 * A name may hold slashes, as Secrets Manager names do ({@code token-broker/connected-apps/demo}).
 */
public final class LocalFileCredentialsSource implements CredentialsSource {
    private final Path directory;
    private final JsonMapper json;

    public LocalFileCredentialsSource(Path directory, JsonMapper json) {
        this.directory = directory.toAbsolutePath().normalize();
        this.json = json;
    }

    @Override
    public ConnectedAppCredentials load(String credentialsRef) throws CredentialsUnavailableException {
        Path file = fileOf(credentialsRef);
        if (file == null || !file.startsWith(directory) || !Files.isRegularFile(file)) {
            throw new CredentialsUnavailableException("no local secret file for '" + credentialsRef + "' in " + directory, false);
        }
        try {
            return CredentialsJson.parse(json, credentialsRef, Files.readString(file));
        } catch (IOException e) {
            throw new CredentialsUnavailableException("local secret file for '" + credentialsRef + "' cannot be read", true);
        }
    }

    /** The secret's file, or null when the name cannot name a file (a NUL in it, say). */
    private Path fileOf(String credentialsRef) {
        try {
            return directory.resolve(credentialsRef + ".json").normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
