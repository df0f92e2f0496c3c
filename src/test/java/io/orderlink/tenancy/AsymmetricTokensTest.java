package io.orderlink.tenancy;

import io.orderlink.config.Config;
import io.orderlink.testing.PostgresExtension;
import io.orderlink.testing.TestDatabase;
import io.orderlink.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** RS256 tokens against a configured PEM public key and against a JWKS that rotates. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
class AsymmetricTokensTest {

    private static final KeyPair K1 = rsa();
    private static final KeyPair K2 = rsa();

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static JsonObject claims() {
        long now = System.currentTimeMillis() / 1000;
        return new JsonObject().put("org", "org-rs").put("role", "viewer").put("sub", "idp-user").put("exp", now + 600);
    }

    private static String rs256(KeyPair key, String kid) {
        JsonObject header = new JsonObject().put("alg", "RS256").put("typ", "JWT");
        if (kid != null) {
            header.put("kid", kid);
        }
        String input = b64(header.encode().getBytes(StandardCharsets.UTF_8)) + "." + b64(claims().encode().getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key.getPrivate());
            signature.update(input.getBytes(StandardCharsets.UTF_8));
            return input + "." + b64(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hs256(String secret) {
        String input = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64(claims().encode().getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(KeyPair key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private static JsonObject jwk(KeyPair key, String kid) {
        RSAPublicKey rsa = (RSAPublicKey) key.getPublic();
        return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig")
                .put("n", b64(unsigned(rsa.getModulus()))).put("e", b64(unsigned(rsa.getPublicExponent())));
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    /** Whether each token authenticates, in order. */
    private static Future<List<Boolean>> accepted(JWTAuth auth, String... tokens) {
        Future<List<Boolean>> chain = Future.succeededFuture(new java.util.ArrayList<>());
        for (String token : tokens) {
            chain = chain.compose(results -> auth.authenticate(new TokenCredentials(token))
                    .transform(result -> {
                        results.add(result.succeeded());
                        return Future.succeededFuture(results);
                    }));
        }
        return chain;
    }

    /** Verification settings with the defaults of conf/orderlink.json for what a test does not name. */
    private static Config.Jwt jwt(String pem, String jwksUrl, int minRefreshSeconds, int maxCacheSeconds) {
        return new Config.Jwt(null, null, null, pem, jwksUrl, minRefreshSeconds, maxCacheSeconds, 604_800, 30);
    }

    @Test
    void aKeyRemovedFromTheSetStopsBeingTrustedWhenTheProvidersMaxAgeEnds(Vertx vertx, VertxTestContext context) {
        AtomicReference<JsonArray> keys = new AtomicReference<>(new JsonArray().add(jwk(K1, "k1")).add(jwk(K2, "k2")));
        AtomicInteger fetches = new AtomicInteger();
        jwks(vertx, keys, fetches, "public, max-age=1")
                .compose(server -> {
                    JWTAuth auth = Tokens.auth(vertx, jwt(null, "http://127.0.0.1:" + server.actualPort() + "/jwks.json", 1, 3600),
                            "unused-local-secret-0123456789");
                    return accepted(auth, rs256(K1, "k1"), rs256(K2, "k2"))
                            .compose(before -> {
                                keys.set(new JsonArray().add(jwk(K2, "k2")));
                                // Its key id is known: only the end of the set's max-age makes the gateway look again.
                                return vertx.timer(1500).compose(t -> accepted(auth, rs256(K1, "k1"), rs256(K2, "k2")))
                                        .map(after -> List.of(before, after));
                            })
                            .eventually(server::close);
                })
                .onComplete(context.succeeding(results -> context.verify(() -> {
                    assertEquals(List.of(List.of(true, true), List.of(false, true)), results);
                    assertEquals(2, fetches.get(), "start-up, then once when max-age=1 ran out (k1's unknown id is within the minimum interval)");
                    context.completeNow();
                })));
    }

    @Test
    void theCacheLifetimeIsTheProvidersMaxAgeCappedByConfiguration(Vertx vertx) {
        JwksAuth auth = new JwksAuth(vertx, jwt(null, "http://127.0.0.1:1/jwks.json", 30, 3600), Tokens.options(jwt(null,
                "http://127.0.0.1:1/jwks.json", 30, 3600), null));
        assertEquals(List.of(600L, 3600L, 3600L, 0L, 0L), List.of(auth.cacheSeconds("public, max-age=600"),
                auth.cacheSeconds("max-age=86400"), auth.cacheSeconds(null), auth.cacheSeconds("no-store"), auth.cacheSeconds("no-cache, max-age=60")));
    }

    @ParameterizedTest(name = "{0} without alg")
    @CsvSource({"P-256, SHA256withECDSAinP1363Format", "P-384, SHA384withECDSAinP1363Format", "P-521, SHA512withECDSAinP1363Format"})
    void anEcKeyWithoutAlgIsUsedWithItsCurvesAlgorithm(String curve, String javaAlgorithm, Vertx vertx, VertxTestContext context)
            throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp" + curve.substring(2) + "r1"));
        KeyPair ec = generator.generateKeyPair();
        ECPublicKey pub = (ECPublicKey) ec.getPublic();
        int size = (pub.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        JsonObject key = new JsonObject().put("kty", "EC").put("crv", curve).put("kid", "ec1").put("use", "sig")
                .put("x", b64(fixed(pub.getW().getAffineX(), size))).put("y", b64(fixed(pub.getW().getAffineY(), size)));
        String alg = JwksAuth.algorithm(key);
        String input = b64(new JsonObject().put("alg", alg).put("kid", "ec1").encode().getBytes(StandardCharsets.UTF_8)) + "."
                + b64(claims().encode().getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance(javaAlgorithm);
        signature.initSign(ec.getPrivate());
        signature.update(input.getBytes(StandardCharsets.UTF_8));
        String token = input + "." + b64(signature.sign());
        AtomicInteger fetches = new AtomicInteger();
        jwks(vertx, new AtomicReference<>(new JsonArray().add(key)), fetches, null)
                .compose(server -> accepted(Tokens.auth(vertx, jwt(null, "http://127.0.0.1:" + server.actualPort() + "/jwks.json", 30, 3600),
                        null), token).eventually(server::close))
                .onComplete(context.succeeding(results -> context.verify(() -> {
                    assertEquals("ES" + curve.substring(2).replace("521", "512"), alg);
                    assertEquals(List.of(true), results);
                    context.completeNow();
                })));
    }

    private static byte[] fixed(BigInteger value, int size) {
        byte[] bytes = unsigned(value);
        byte[] padded = new byte[size];
        System.arraycopy(bytes, 0, padded, size - bytes.length, bytes.length);
        return padded;
    }

    @Test
    void withAJwksAndNoSecretNoLocalSecretIsMadeOrAccepted(Vertx vertx, VertxTestContext context) throws Exception {
        java.nio.file.Path home = java.nio.file.Files.createTempDirectory("orderlink-home");
        Config config = Config.load(Map.of("ORDERLINK_HOME", home.toString(), "ORDERLINK_JWT_JWKS_URL", "http://127.0.0.1:1/jwks.json",
                "ORDERLINK_MASTER_KEY", io.orderlink.crypto.MasterKey.generateBase64()));
        io.orderlink.config.Keys keys = io.orderlink.config.Keys.resolve(config);
        context.verify(() -> {
            assertEquals(null, keys.jwtSecret());
            assertEquals(false, java.nio.file.Files.exists(home.resolve("jwt.secret")), "no local secret file");
            assertEquals(false, config.jwt().needsLocalSecret());
            context.completeNow();
        });
    }

    @Test
    void aPemPublicKeyAcceptsItsTokensOnly(Vertx vertx, VertxTestContext context) {
        String pem = pem(K1);
        JWTAuth auth = Tokens.auth(vertx, jwt(pem, null, 30, 3600), "local-dev-secret-0123456789");
        String none = b64("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + b64(claims().encode().getBytes(StandardCharsets.UTF_8)) + ".";
        accepted(auth, rs256(K1, null), rs256(K2, null), hs256("local-dev-secret-0123456789"), hs256(pem), none)
                .onComplete(context.succeeding(results -> context.verify(() -> {
                    // K1 yes; K2 no; the local HS256 secret is not accepted once a public key is configured; nor is
                    // the public key used as an HMAC secret (algorithm confusion); nor an unsigned token.
                    assertEquals(List.of(true, false, false, false, false), results);
                    context.completeNow();
                })));
    }

    @Test
    void aJwksRotationIsPickedUpOnAnUnknownKeyId(Vertx vertx, VertxTestContext context) {
        AtomicReference<JsonArray> keys = new AtomicReference<>(new JsonArray().add(jwk(K1, "k1")));
        AtomicInteger fetches = new AtomicInteger();
        jwks(vertx, keys, fetches)
                .compose(server -> {
                    JWTAuth auth = Tokens.auth(vertx, jwt(null,
                            "http://127.0.0.1:" + server.actualPort() + "/jwks.json", 0, 3600), "unused-local-secret-0123456789");
                    return accepted(auth, rs256(K1, "k1"))
                            .compose(first -> {
                                keys.set(new JsonArray().add(jwk(K2, "k2")));
                                return accepted(auth, rs256(K2, "k2"), rs256(K1, "k1"));
                            })
                            .eventually(server::close);
                })
                .onComplete(context.succeeding(results -> context.verify(() -> {
                    assertEquals(List.of(true, false), results, "k2 after rotation; k1 is gone from the set");
                    assertEquals(3, fetches.get(), "start-up, k2 unknown, k1 unknown (no throttle configured)");
                    context.completeNow();
                })));
    }

    @Test
    void unknownKeyIdsReloadTheJwksAtMostOncePerInterval(Vertx vertx, VertxTestContext context) {
        AtomicReference<JsonArray> keys = new AtomicReference<>(new JsonArray().add(jwk(K1, "k1")));
        AtomicInteger fetches = new AtomicInteger();
        jwks(vertx, keys, fetches)
                .compose(server -> {
                    JWTAuth auth = Tokens.auth(vertx, jwt(null,
                            "http://127.0.0.1:" + server.actualPort() + "/jwks.json", 3600, 3600), "unused-local-secret-0123456789");
                    return accepted(auth, rs256(K1, "k1"), rs256(K2, "forged-1"), rs256(K2, "forged-2"), rs256(K1, "k1"))
                            .eventually(server::close);
                })
                .onComplete(context.succeeding(results -> context.verify(() -> {
                    assertEquals(List.of(true, false, false, true), results);
                    assertEquals(1, fetches.get(), "forged key ids do not reach the identity provider");
                    context.completeNow();
                })));
    }

    @Test
    void theGatewayAnswers401ForAnotherKeyUnderRs256(Vertx vertx, TestDatabase database, VertxTestContext context) {
        TestGateway.start(vertx, database.database(), Map.of("ORDERLINK_JWT_SECRET", "", "ORDERLINK_JWT_PUBLIC_KEY",
                        pem(K1).replace("\n", "\\n")))
                .compose(gateway -> Future.all(
                                gateway.api(HttpMethod.GET, "/api/stores", rs256(K1, null)).send(),
                                gateway.api(HttpMethod.GET, "/api/stores", rs256(K2, null)).send())
                        .eventually(gateway::close))
                .onComplete(context.succeeding(all -> context.verify(() -> {
                    assertEquals(200, ((io.vertx.ext.web.client.HttpResponse<?>) all.resultAt(0)).statusCode());
                    assertEquals(401, ((io.vertx.ext.web.client.HttpResponse<?>) all.resultAt(1)).statusCode());
                    context.completeNow();
                })));
    }

    private static Future<HttpServer> jwks(Vertx vertx, AtomicReference<JsonArray> keys, AtomicInteger fetches) {
        return jwks(vertx, keys, fetches, null);
    }

    /** The identity provider's key set, with {@code cacheControl} when given. */
    private static Future<HttpServer> jwks(Vertx vertx, AtomicReference<JsonArray> keys, AtomicInteger fetches, String cacheControl) {
        return vertx.createHttpServer().requestHandler(request -> {
            fetches.incrementAndGet();
            if (cacheControl != null) {
                request.response().putHeader("Cache-Control", cacheControl);
            }
            request.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("keys", keys.get()).encode());
        }).listen(0, "127.0.0.1");
    }
}
