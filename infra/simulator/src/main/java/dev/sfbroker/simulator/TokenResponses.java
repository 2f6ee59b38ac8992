package dev.sfbroker.simulator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds token-endpoint success bodies. */
final class TokenResponses {

    private TokenResponses() {
    }

    /**
     * {@code access_token, scope, instance_url, id, token_type} and, if asked, {@code issued_at}
     * (epoch ms as a string) and {@code signature} = b64(HMAC-SHA256(consumer secret, id + issued_at)).
     * No refresh token, and never an {@code expires_in}.
     */
    static Map<String, Object> success(SimSession session, boolean issuedAtAndSignature) {
        return success(session, issuedAtAndSignature, null);
    }

    /** Like {@link #success(SimSession, boolean)}, with {@code refresh_token} after the access token unless it is null. */
    static Map<String, Object> success(SimSession session, boolean issuedAtAndSignature, String refreshToken) {
        SimOrg org = session.org();
        String id = identityUrl(session.user());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", session.accessToken());
        if (refreshToken != null) {
            body.put("refresh_token", refreshToken);
        }
        body.put("scope", String.join(" ", session.scopes()));
        body.put("instance_url", org.instanceUrl());
        body.put("id", id);
        body.put("token_type", "Bearer");
        if (issuedAtAndSignature) {
            String issuedAt = Long.toString(session.issuedAt().toEpochMilli());
            body.put("issued_at", issuedAt);
            body.put("signature", signature(session.app().consumerSecret(), id, issuedAt));
        }
        return body;
    }

    /** {@code https://login.salesforce.com/id/{orgId18}/{userId18}} (test.salesforce.com for sandboxes). */
    static String identityUrl(SimUser user) {
        return user.org().loginUrl() + "/id/" + user.org().id() + "/" + user.id();
    }

    /** Base64 HMAC-SHA256 of {@code id + issuedAt} keyed with the consumer secret. */
    static String signature(String consumerSecret, String id, String issuedAt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(consumerSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal((id + issuedAt).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
