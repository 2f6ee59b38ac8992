package dev.sfbroker.simulator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds signed JWT bearer assertions for tests: header {@code {"alg":"RS256"}},
 * any claims, including the non-standard shapes Salesforce accepts (string {@code exp}, {@code prn}).
 *
 * <pre>{@code
 * String jwt = JwtAssertion.builder()
 *         .issuer(app.consumerKey()).subject(user.username())
 *         .audience("https://login.salesforce.com").expiresAt(sim.clock().instant().plusSeconds(180))
 *         .sign(keys.privateKey());
 * }</pre>
 */
public final class JwtAssertion {

    private final Map<String, Object> claims = new LinkedHashMap<>();
    private JWSAlgorithm algorithm = JWSAlgorithm.RS256;

    private JwtAssertion() {
    }

    public static JwtAssertion builder() {
        return new JwtAssertion();
    }

    /** {@code iss}: the consumer key. */
    public JwtAssertion issuer(String consumerKey) {
        return claim("iss", consumerKey);
    }

    /** {@code sub}: the username. */
    public JwtAssertion subject(String username) {
        return claim("sub", username);
    }

    /** {@code aud}, e.g. {@code https://login.salesforce.com}. */
    public JwtAssertion audience(String audience) {
        return claim("aud", audience);
    }

    /** {@code exp} as a JSON number of epoch seconds. */
    public JwtAssertion expiresAt(Instant expiry) {
        return claim("exp", expiry.getEpochSecond());
    }

    /** Any claim with any JSON value (String, Number, List, Map, Boolean). Null removes it. */
    public JwtAssertion claim(String name, Object value) {
        Objects.requireNonNull(name, "name");
        if (value == null) {
            claims.remove(name);
        } else {
            claims.put(name, value);
        }
        return this;
    }

    /** The header's {@code alg}; RS256 by default. Others (RS512, PS256) only to test rejection. */
    public JwtAssertion algorithm(JWSAlgorithm algorithm) {
        this.algorithm = Objects.requireNonNull(algorithm);
        return this;
    }

    /** Signs with the RSA private key and returns the compact JWT. */
    public String sign(PrivateKey privateKey) {
        JWSObject jws = new JWSObject(new JWSHeader(algorithm), new Payload(new LinkedHashMap<>(claims)));
        try {
            jws.sign(new RSASSASigner(privateKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the assertion", e);
        }
        return jws.serialize();
    }
}
