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

/**
 * Verification against a remote JSON Web Key Set. vertx-auth-jwt only takes static keys, so the set is fetched
 * here (WebClient, at start-up) and a verifier is rebuilt from it; a token whose key id is unknown triggers one
 * reload, at most every {@code jwksMinRefreshSeconds}, so a key rotation is picked up without a restart and
 * forged key ids cannot flood the identity provider. Until a set has loaded, every token is refused: a verifier
 * with no key at all would accept unsigned tokens.
 */
final class JwksAuth implements JWTAuth {

    private static final Logger LOG = LoggerFactory.getLogger(JwksAuth.class);
    private static final int TIMEOUT_MS = 5000;

    private final Vertx vertx;
    private final WebClient client;
    private final String url;
    private final long minRefreshNanos;
    private final JWTAuthOptions fixed;
    private volatile Future<JWTAuth> current;
    private volatile long loadedAt;

    JwksAuth(Vertx vertx, Config.Jwt config, JWTAuthOptions fixed) {
        this.vertx = vertx;
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(TIMEOUT_MS).setIdleTimeout(TIMEOUT_MS / 1000));
        this.url = config.jwksUrl();
        this.minRefreshNanos = config.jwksMinRefreshSeconds() * 1_000_000_000L;
        this.fixed = fixed;
        this.current = load();
    }

    @Override
    public Future<User> authenticate(Credentials credentials) {
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
        loadedAt = System.nanoTime();
        return client.getAbs(url).timeout(TIMEOUT_MS).send()
                .expecting(HttpResponseExpectation.SC_SUCCESS)
                .map(response -> verifierOf(response.bodyAsJsonObject().getJsonArray("keys", new JsonArray())))
                .onFailure(error -> LOG.warn("JWKS {} could not be loaded: {}", url, error.getMessage()));
    }

    private JWTAuth verifierOf(JsonArray keys) {
        List<JsonObject> usable = new ArrayList<>();
        for (Object key : keys) {
            if (key instanceof JsonObject jwk && !"enc".equals(jwk.getString("use"))) {
                JsonObject withAlg = jwk.copy();
                if (withAlg.getString("alg") == null) {
                    withAlg.put("alg", "EC".equals(jwk.getString("kty")) ? "ES256" : "RS256");
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
