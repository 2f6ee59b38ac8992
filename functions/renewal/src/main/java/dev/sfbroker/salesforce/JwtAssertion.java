package dev.sfbroker.salesforce;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The RS256 assertion of Salesforce's JWT bearer flow: {@code iss} the consumer key, {@code sub} the
 * username, {@code aud} the login audience, and an {@code exp} within the three minutes the documentation
 * asks for. Salesforce wants no {@code typ} header and no other claims.
 */
final class JwtAssertion {
    static final Duration LIFETIME = Duration.ofMinutes(3);

    private JwtAssertion() {
    }

    static String sign(String consumerKey, String username, String audience, PrivateKey key, Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(consumerKey)
                .subject(username)
                .audience(audience)
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign the JWT assertion with the connected app key: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
