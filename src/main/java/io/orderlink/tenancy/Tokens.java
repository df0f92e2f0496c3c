package io.orderlink.tenancy;

import io.orderlink.Config;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.time.Duration;
import java.util.List;

/** JWT verification (HS256 with the configured secret, issuer and audience when set) and development tokens. */
public final class Tokens {

    private Tokens() {
    }

    public static JWTAuth auth(Vertx vertx, Config.Jwt config, String secret) {
        JWTOptions validation = new JWTOptions();
        if (config.issuer() != null) {
            validation.setIssuer(config.issuer());
        }
        if (config.audience() != null) {
            validation.setAudience(List.of(config.audience()));
        }
        return JWTAuth.create(vertx, new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
                .setJWTOptions(validation));
    }

    /** A signed token for {@code org} and {@code role}, as the {@code token} command prints it. */
    public static String issue(JWTAuth auth, Config.Jwt config, String org, Role role, String subject, Duration ttl) {
        JWTOptions options = new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds((int) ttl.toSeconds());
        if (config.issuer() != null) {
            options.setIssuer(config.issuer());
        }
        if (config.audience() != null) {
            options.setAudience(List.of(config.audience()));
        }
        return auth.generateToken(new JsonObject().put("org", org).put("role", role.id()).put("sub", subject), options);
    }
}
