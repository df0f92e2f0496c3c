package io.orderlink.tenancy;

import io.orderlink.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.impl.jose.JWK;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Verification against a remote JSON Web Key Set. vertx-auth-jwt only takes static keys, so the set is fetched
 * here (WebClient, at start-up) and a verifier is rebuilt from it. The set is reloaded when its cache lifetime ends
 * (the provider's {@code Cache-Control: max-age}, at most {@code jwksMaxCacheSeconds}), so a key the provider
 * removed stops being trusted, and when a token names an unknown key id, so a rotation is picked up at once; never
 * twice within {@code jwksMinRefreshSeconds}, so forged key ids cannot flood the identity provider. A failed reload
 * keeps the last good set. Until a set has loaded, every token is refused: a verifier with no key at all would
 * accept unsigned tokens.
 */
final class JwksAuth implements JWTAuth {

    private static final Logger LOG = LoggerFactory.getLogger(JwksAuth.class);
    private static final int TIMEOUT_MS = 5000;

    private final Vertx vertx;
    private final WebClient client;
    private final String url;
    private final long minRefreshNanos;
    private final long maxCacheSeconds;
    private final JWTAuthOptions fixed;
    private volatile Future<JWTAuth> current;
    private volatile long loadedAt;
    private volatile long expiresAt;

    JwksAuth(Vertx vertx, Config.Jwt config, JWTAuthOptions fixed) {
        this.vertx = vertx;
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(TIMEOUT_MS).setIdleTimeout(TIMEOUT_MS / 1000));
        this.url = config.jwksUrl();
        this.minRefreshNanos = config.jwksMinRefreshSeconds() * 1_000_000_000L;
        this.maxCacheSeconds = config.jwksMaxCacheSeconds();
        this.fixed = fixed;
        this.current = load();
    }

    @Override
    public Future<User> authenticate(Credentials credentials) {
        if (current.isComplete() && System.nanoTime() - expiresAt >= 0) {
            refresh();
        }
        return verifier().compose(auth -> auth.authenticate(credentials)
                .recover(error -> error instanceof NoSuchKeyIdException && refresh()
                        ? verifier().compose(reloaded -> reloaded.authenticate(credentials))
                        : Future.failedFuture(error)));
    }

    @Override
    public String generateToken(JsonObject claims, JWTOptions options) {
        throw new IllegalStateException("tokens are issued by the identity provider at jwt.jwksUrl, not by this gateway");
    }

    @Override
    public String generateToken(JsonObject claims) {
        return generateToken(claims, new JWTOptions());
    }

    /** The verifier of the last loaded set; a failed first load is retried (throttled) before answering. */
    private Future<JWTAuth> verifier() {
        Future<JWTAuth> loaded = current;
        if (loaded.failed() && refresh()) {
            return current;
        }
        return loaded;
    }

    /**
     * Makes {@link #current} a newer set if allowed: true when a load is in flight or was just started, false when
     * the last one started less than the minimum interval ago.
     */
    private synchronized boolean refresh() {
        if (!current.isComplete()) {
            return true;
        }
        if (System.nanoTime() - loadedAt < minRefreshNanos) {
            return false;
        }
        current = load();
        return true;
    }

    private Future<JWTAuth> load() {
        Future<JWTAuth> previous = current;
        long started = System.nanoTime();
        loadedAt = started;
        return client.getAbs(url).timeout(TIMEOUT_MS).send()
                .expecting(HttpResponseExpectation.SC_SUCCESS)
                .map(response -> {
                    JWTAuth verifier = verifierOf(response.bodyAsJsonObject().getJsonArray("keys", new JsonArray()));
                    expiresAt = started + cacheSeconds(response.getHeader("Cache-Control")) * 1_000_000_000L;
                    return verifier;
                })
                .onFailure(error -> LOG.warn("JWKS {} could not be loaded: {}", url, error.getMessage()))
                .recover(error -> previous != null && previous.succeeded() ? previous : Future.failedFuture(error));
    }

    /** How long a set may be used: the provider's max-age (0 for no-store or no-cache), at most the configured cap. */
    long cacheSeconds(String cacheControl) {
        long seconds = maxCacheSeconds;
        for (String directive : cacheControl == null ? new String[0] : cacheControl.toLowerCase(Locale.ROOT).split(",")) {
            String d = directive.trim();
            if (d.equals("no-store") || d.equals("no-cache")) {
                return 0;
            }
            if (d.matches("max-age=[0-9]{1,10}")) {
                seconds = Math.min(seconds, Long.parseLong(d.substring("max-age=".length())));
            }
        }
        return seconds;
    }

    /** RFC 7518: an EC key's curve fixes its algorithm (P-384 signs ES384); RSA keys are RS256, Ed25519 EdDSA. */
    static String algorithm(JsonObject jwk) {
        return switch (String.valueOf(jwk.getString("kty")) + "/" + jwk.getString("crv")) {
            case "EC/P-256" -> "ES256";
            case "EC/P-384" -> "ES384";
            case "EC/P-521" -> "ES512";
            case "EC/secp256k1" -> "ES256K";
            case "OKP/Ed25519", "OKP/Ed448" -> "EdDSA";
            default -> "RS256";
        };
    }

    private JWTAuth verifierOf(JsonArray keys) {
        List<JsonObject> usable = new ArrayList<>();
        for (Object key : keys) {
            if (key instanceof JsonObject jwk && !"enc".equals(jwk.getString("use"))) {
                JsonObject withAlg = jwk.copy();
                if (withAlg.getString("alg") == null) {
                    withAlg.put("alg", algorithm(jwk));
                }
                try {
                    new JWK(withAlg); // the provider would skip it silently; counted here so an empty set is refused
                    usable.add(withAlg);
                } catch (RuntimeException e) {
                    LOG.warn("JWKS {}: key {} skipped: {}", url, jwk.getString("kid"), e.getMessage());
                }
            }
        }
        if (usable.isEmpty() && fixed.getPubSecKeys().isEmpty()) {
            throw new IllegalStateException("JWKS " + url + " has no usable signing key");
        }
        LOG.info("JWKS {}: {} signing key(s) loaded", url, usable.size());
        return JWTAuth.create(vertx, new JWTAuthOptions(fixed).setJwks(usable));
    }
}
