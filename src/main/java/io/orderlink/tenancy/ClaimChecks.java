package io.orderlink.tenancy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The claim rules vertx-auth-jwt leaves out, around its verifier: {@code exp} is required and at most
 * {@code maxLifetimeSeconds} ahead (of now, and of {@code iat}); {@code exp}, {@code nbf} and {@code iat} are JSON
 * numbers (RFC 7519 NumericDate: a string is a refusal, not an exception). Every refusal is a failed future, so the
 * API answers 401 whatever the token holds.
 */
final class ClaimChecks implements JWTAuth {

    private static final List<String> NUMERIC_DATES = List.of("exp", "nbf", "iat");

    private final JWTAuth verifier;
    private final long maxLifetimeSeconds;
    private final long leewaySeconds;

    ClaimChecks(JWTAuth verifier, long maxLifetimeSeconds, long leewaySeconds) {
        this.verifier = verifier;
        this.maxLifetimeSeconds = maxLifetimeSeconds;
        this.leewaySeconds = leewaySeconds;
    }

    @Override
    public Future<User> authenticate(Credentials credentials) {
        JsonObject claims = credentials instanceof TokenCredentials token ? payload(token.getToken()) : null;
        String problem = claims == null ? "token is not a JWT" : problem(claims);
        if (problem != null) {
            return Future.failedFuture(new SecurityException(problem));
        }
        try {
            return verifier.authenticate(credentials).compose(user -> {
                String lifetime = lifetime(claims, System.currentTimeMillis() / 1000);
                return lifetime == null ? Future.succeededFuture(user) : Future.failedFuture(new SecurityException(lifetime));
            });
        } catch (RuntimeException e) {
            return Future.failedFuture(new SecurityException("token cannot be verified", e));
        }
    }

    /** The payload of a compact JWS, or null when it is not one. */
    static JsonObject payload(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String problem(JsonObject claims) {
        for (String claim : NUMERIC_DATES) {
            if (claims.containsKey(claim) && !(claims.getValue(claim) instanceof Number)) {
                return claim + " must be a number of seconds since the epoch";
            }
        }
        return claims.getValue("exp") == null ? "exp is required" : null;
    }

    private String lifetime(JsonObject claims, long now) {
        long exp = ((Number) claims.getValue("exp")).longValue();
        Number iat = (Number) claims.getValue("iat");
        if (exp - now > maxLifetimeSeconds + leewaySeconds || (iat != null && exp - iat.longValue() > maxLifetimeSeconds)) {
            return "token lives longer than " + maxLifetimeSeconds + " s";
        }
        return null;
    }

    @Override
    public String generateToken(JsonObject claims, JWTOptions options) {
        return verifier.generateToken(claims, options);
    }

    @Override
    public String generateToken(JsonObject claims) {
        return verifier.generateToken(claims);
    }
}
