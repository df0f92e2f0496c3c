package io.orderlink.stores;

import io.orderlink.crypto.HmacVerifier;
import io.orderlink.crypto.SecretBox;
import io.orderlink.stores.Platform;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Store credentials and webhook signing secrets, sealed with AES-256-GCM before they reach the database
 * and opened only where they are used. The associated data binds each blob to its purpose.
 */
public final class StoreSecrets {

    private static final byte[] CREDENTIALS = "orderlink:store-credentials".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SIGNING = "orderlink:store-signing-secrets".getBytes(StandardCharsets.UTF_8);

    private final SecretBox box;

    public StoreSecrets(SecretBox box) {
        this.box = box;
    }

    public Buffer sealCredentials(JsonObject credentials) {
        return Buffer.buffer(box.seal(credentials.toBuffer().getBytes(), CREDENTIALS));
    }

    public JsonObject openCredentials(Buffer sealed) {
        return new JsonObject(Buffer.buffer(box.open(sealed.getBytes(), CREDENTIALS)));
    }

    /** Several secrets may verify one store: Shopify's current and previous client secret, one per WooCommerce webhook. */
    public Buffer sealSigningSecrets(List<String> secrets) {
        return Buffer.buffer(box.seal(new JsonArray(new ArrayList<>(secrets)).toBuffer().getBytes(), SIGNING));
    }

    public List<String> openSigningSecrets(Buffer sealed) {
        if (sealed == null) {
            return List.of();
        }
        JsonArray secrets = new JsonArray(Buffer.buffer(box.open(sealed.getBytes(), SIGNING)));
        List<String> list = new ArrayList<>(secrets.size());
        secrets.forEach(s -> list.add((String) s));
        return list;
    }

    /** The HMAC keys as each platform derives them from the stored secrets. */
    public List<byte[]> signingKeys(Platform platform, Buffer sealed) {
        List<byte[]> keys = new ArrayList<>();
        for (String secret : openSigningSecrets(sealed)) {
            keys.add(platform == Platform.WOOCOMMERCE ? HmacVerifier.wooCommerceKey(secret)
                    : secret.getBytes(StandardCharsets.UTF_8));
        }
        return keys;
    }
}
