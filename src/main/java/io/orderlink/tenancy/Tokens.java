package io.orderlink.tenancy;

import io.orderlink.config.Config;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * JWT verification and development tokens. Accepted keys: HS256 with {@code jwt.secret}; RS256 with the PEM
 * {@code jwt.publicKey}; the keys published at {@code jwt.jwksUrl}. With none of them configured, HS256 with the
 * local development secret. Issuer and audience are checked when configured; {@code exp} is required, no token
 * may live longer than {@code jwt.maxLifetimeSeconds}, and times are compared with {@code jwt.leewaySeconds} of
 * clock skew.
 */
public final class Tokens {

    private Tokens() {
    }

    /**
     * The verifier; {@code secret} is the configured or local HS256 secret (used only as described above, null
     * when a public key or JWKS is configured and no secret).
     */
    public static JWTAuth auth(Vertx vertx, Config.Jwt config, String secret) {
        JWTAuthOptions options = options(config, secret);
        JWTAuth verifier = config.jwksUrl() != null ? new JwksAuth(vertx, config, options) : JWTAuth.create(vertx, options);
        return new ClaimChecks(verifier, config.maxLifetimeSeconds(), config.leewaySeconds());
    }

    /** The fixed keys and the claims to check; a JWKS adds its keys to these. */
    static JWTAuthOptions options(Config.Jwt config, String secret) {
        JWTOptions validation = new JWTOptions().setLeeway(config.leewaySeconds());
        if (config.issuer() != null) {
            validation.setIssuer(config.issuer());
        }
        if (config.audience() != null) {
            validation.setAudience(List.of(config.audience()));
        }
        List<PubSecKeyOptions> keys = new ArrayList<>();
        if (config.secret() != null || config.needsLocalSecret()) {
            keys.add(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret));
        }
        if (config.publicKey() != null) {
            // An environment variable often carries the PEM's line breaks as "\n".
            keys.add(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(config.publicKey().replace("\\n", "\n")));
        }
        return new JWTAuthOptions().setPubSecKeys(keys).setJWTOptions(validation);
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
