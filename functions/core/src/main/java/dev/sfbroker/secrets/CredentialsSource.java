package dev.sfbroker.secrets;

/** Loads connected app credentials by the name a connection refers to them by. */
public interface CredentialsSource {

    ConnectedAppCredentials load(String credentialsRef) throws CredentialsUnavailableException;
}
