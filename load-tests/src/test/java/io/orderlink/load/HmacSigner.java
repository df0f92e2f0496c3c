package io.orderlink.load;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** base64(HMAC-SHA256(secret, bytes)), the signature both Shopify and WooCommerce send. */
final class HmacSigner {

    // Mac is not thread-safe and Gatling evaluates session functions on several Netty threads.
    private final ThreadLocal<Mac> mac;

    HmacSigner(String secret) {
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        mac = ThreadLocal.withInitial(() -> {
            try {
                Mac instance = Mac.getInstance("HmacSHA256");
                instance.init(key);
                return instance;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    String sign(byte[] body) {
        return Base64.getEncoder().encodeToString(mac.get().doFinal(body));
    }
}
