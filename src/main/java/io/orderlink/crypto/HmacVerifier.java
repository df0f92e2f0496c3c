package io.orderlink.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies base64 HMAC-SHA256 webhook signatures: Shopify {@code X-Shopify-Hmac-Sha256} and
 * WooCommerce {@code X-WC-Webhook-Signature}, both computed over the exact raw body bytes.
 *
 * <p><b>Not thread-safe, by design.</b> It holds one pre-initialised {@link Mac} per accepted secret
 * so the hot path allocates no key material; create one instance per (event-loop thread, store)
 * and never share it between threads.
 *
 * <p>Rules: a missing, blank, non-base64 or not-32-byte header is rejected without an exception;
 * the decoded bytes are compared in constant time; each secret is tried in order (current, then the
 * previous one during a Shopify secret rotation). A verifier without any non-empty secret rejects
 * everything, so a store with no secret can never accept a delivery. Secrets never appear in any
 * string this class produces.
 */
public final class HmacVerifier {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int SIGNATURE_BYTES = 32;

    // wp_specialchars_decode(ENT_QUOTES): named entities are case-sensitive, numeric ones may be
    // zero-padded, hex ones take x or X. Hex forms of < and > are not decoded by WordPress either.
    // The decimal and hex code sets are disjoint, so "#", "x" and padding can be stripped for lookup.
    private static final Pattern WP_SPECIAL_ENTITY =
            Pattern.compile("&(quot|lt|gt|amp|#0*(?:39|34|60|62|38)|#[xX]0*(?:27|22|26));");
    private static final Pattern NUMERIC_PREFIX = Pattern.compile("^#[xX]?0*");
    private static final Map<String, String> WP_SPECIAL_CHARS = Map.ofEntries(
            Map.entry("quot", "\""), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("amp", "&"),
            Map.entry("39", "'"), Map.entry("34", "\""), Map.entry("60", "<"), Map.entry("62", ">"),
            Map.entry("38", "&"), Map.entry("27", "'"), Map.entry("22", "\""), Map.entry("26", "&"));

    private final List<Mac> macs;

    /** @param secrets accepted signing secrets, current first; null or empty entries are dropped */
    public HmacVerifier(List<byte[]> secrets) {
        this.macs = secrets.stream()
                .filter(secret -> secret != null && secret.length > 0)
                .map(HmacVerifier::newMac)
                .toList();
    }

    /**
     * Checks the signature of the bytes between the buffer's position and limit. The caller's
     * position, limit and contents are left untouched.
     */
    public boolean verify(ByteBuffer body, String headerValue) {
        Objects.requireNonNull(body, "body");
        byte[] expected = decodeSignature(headerValue);
        if (expected == null) {
            return false;
        }
        for (Mac mac : macs) {
            mac.update(body.duplicate()); // doFinal below resets the Mac for the next call
            if (MessageDigest.isEqual(mac.doFinal(), expected)) {
                return true;
            }
        }
        return false;
    }

    public boolean verify(byte[] body, String headerValue) {
        return verify(ByteBuffer.wrap(body), headerValue);
    }

    /**
     * Base64 HMAC-SHA256 of {@code body}. Unlike the verifier, this accepts an empty secret
     * (WooCommerce's own test signs with one), for tests, the load generator and the demo.
     */
    public static String sign(byte[] secret, byte[] body) {
        // HMAC zero-pads keys shorter than the block size, so {0x00} is the empty key; SecretKeySpec
        // would reject a zero-length array.
        byte[] key = secret.length == 0 ? new byte[1] : secret;
        return Base64.getEncoder().encodeToString(newMac(key).doFinal(body));
    }

    /**
     * The HMAC key WooCommerce derives from a stored webhook secret: it signs with
     * {@code wp_specialchars_decode($secret, ENT_QUOTES)}, which turns {@code &amp; &lt; &gt; &quot;}
     * and {@code &#039;} (plus the numeric forms {@code &#38; &#60; &#62; &#34; &#39;} with any zero
     * padding, and {@code &#x26; &#x22; &#x27;}) into {@code & < > " '} in a single pass, so
     * {@code &amp;lt;} becomes {@code &lt;}. Secrets without {@code &} are returned as their UTF-8 bytes.
     */
    public static byte[] wooCommerceKey(String storedSecret) {
        String decoded = WP_SPECIAL_ENTITY.matcher(storedSecret).replaceAll(match -> {
            String code = NUMERIC_PREFIX.matcher(match.group(1)).replaceFirst("");
            return Matcher.quoteReplacement(WP_SPECIAL_CHARS.get(code));
        });
        return decoded.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "HmacVerifier[secrets=" + macs.size() + "]";
    }

    /** The 32 signature bytes, or null when the header cannot be a valid signature. */
    private static byte[] decodeSignature(String headerValue) {
        if (headerValue == null || headerValue.isBlank()) {
            return null;
        }
        try {
            byte[] decoded = Base64.getDecoder().decode(headerValue);
            return decoded.length == SIGNATURE_BYTES ? decoded : null;
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static Mac newMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is mandatory in every JRE and any non-empty key is valid for it.
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
