package dev.sfbroker.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Authorization codes issued by the authorize endpoint and not yet exchanged. Each can be taken once. Thread safe. */
final class AuthorizationCodes {

    /** What a code stands for: who approved which app, for which redirect URI and scopes, and the PKCE challenge (null if none). */
    record Pending(SimUser user, SimConnectedApp app, String redirectUri, List<String> scopes,
                   String codeChallenge, String codeChallengeMethod, Instant issuedAt) {
    }

    private final ConcurrentHashMap<String, Pending> byCode = new ConcurrentHashMap<>();

    String issue(Pending pending) {
        while (true) {
            String code = Secrets.authorizationCode();
            if (byCode.putIfAbsent(code, pending) == null) {
                return code;
            }
        }
    }

    /** The code's grant, removed so that the code cannot be used again; empty for an unknown or used code. */
    Optional<Pending> take(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(byCode.remove(code));
    }

    /** Forgets every code (the simulator's reset). */
    void clear() {
        byCode.clear();
    }
}
