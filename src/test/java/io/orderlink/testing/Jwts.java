package io.orderlink.testing;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/** Hand-made tokens over exactly the claims a test gives, malformed ones included. */
public final class Jwts {

    private Jwts() {
    }

    public static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** An HS256 token over {@code claims}. */
    public static String hs256(JsonObject claims, String secret) {
        String signingInput = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(claims.encode());
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims a gateway started by {@link TestGateway} accepts: {@code org}, {@code role}, {@code sub}, now and 10 minutes on. */
    public static JsonObject claims(String org, String role) {
        long now = System.currentTimeMillis() / 1000;
        return new JsonObject().put("org", org).put("role", role).put("sub", "tester").put("iat", now).put("exp", now + 600);
    }
}
