package io.orderlink.load;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Signed order-created deliveries with the platforms' own full-size sample bodies (Shopify's documented
 * orders/create payload, about 15 KB, and a WooCommerce REST order), each with a new order id, email and
 * time. The request is the same whichever server receives it, so gateway and baselines do identical work
 * on the client side.
 */
final class Webhooks {

    private static final DateTimeFormatter SHOPIFY_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter WOO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Template shopifyOrder = Template.resource("shopify-order.json");
    private final Template wooOrder = Template.resource("woocommerce-order.json");
    private final String shopifyDomain;
    private final HmacSigner shopifySigner;
    private final String wooDomain;
    private final HmacSigner wooSigner;
    private final int customers;
    // Order ids never repeat across runs against one database (so no delivery is a duplicate and stored
    // rows can be matched to acknowledgements): runs start milliseconds apart and send far fewer than
    // 1,000 orders per millisecond.
    private final AtomicLong nextOrderId = new AtomicLong(System.currentTimeMillis() * 1000);

    Webhooks(String shopifyDomain, String shopifySecret, String wooDomain, String wooSecret, int customers) {
        this.shopifyDomain = shopifyDomain;
        this.shopifySigner = new HmacSigner(shopifySecret);
        this.wooDomain = wooDomain;
        this.wooSigner = new HmacSigner(wooSecret);
        this.customers = customers;
    }

    /** One delivery: from Shopify with probability {@code shopifyShare}, else from WooCommerce. */
    ChainBuilder mixedDelivery(double shopifyShare) {
        return doIfOrElse(session -> ThreadLocalRandom.current().nextDouble() < shopifyShare)
                .then(shopify())
                .orElse(woocommerce());
    }

    private ChainBuilder shopify() {
        return delivery("shopify orders/create", "/webhooks/shopify", shopifyOrder, SHOPIFY_TIME,
                Map.of("X-Shopify-Topic", "orders/create",
                        "X-Shopify-Shop-Domain", shopifyDomain,
                        "X-Shopify-API-Version", "2026-01",
                        "User-Agent", "Shopify-Captain-Hook"),
                "X-Shopify-Webhook-Id", () -> randomUuid().toString(),
                "X-Shopify-Hmac-Sha256", shopifySigner);
    }

    private ChainBuilder woocommerce() {
        return delivery("woocommerce order.created", "/webhooks/woocommerce", wooOrder, WOO_TIME,
                Map.of("X-WC-Webhook-Source", "https://" + wooDomain + "/",
                        "X-WC-Webhook-Topic", "order.created",
                        "X-WC-Webhook-Resource", "order",
                        "X-WC-Webhook-Event", "created",
                        "X-WC-Webhook-ID", "1",
                        "User-Agent", "WooCommerce/9.8.5 Hookshot (WordPress/6.8.1)"),
                // WooCommerce's delivery id is an md5-style hex string, not a UUID.
                "X-WC-Webhook-Delivery-ID", () -> randomUuid().toString().replace("-", ""),
                "X-WC-Webhook-Signature", wooSigner);
    }

    private ChainBuilder delivery(String requestName, String path, Template template, DateTimeFormatter time,
            Map<String, String> headers, String deliveryIdHeader, Supplier<String> deliveryId,
            String signatureHeader, HmacSigner signer) {
        return exec(session -> {
            // Signed and sent as the same byte array, so the signature covers exactly the bytes on the wire.
            byte[] body = template.render(newOrder(time)).getBytes(StandardCharsets.UTF_8);
            return session.set("body", body)
                    .set("signature", signer.sign(body))
                    .set("deliveryId", deliveryId.get());
        }).exec(http(requestName).post(path)
                .headers(headers)
                .header("Content-Type", "application/json")
                .header(deliveryIdHeader, "#{deliveryId}")
                .header(signatureHeader, "#{signature}")
                .body(ByteArrayBody(session -> session.<byte[]>get("body")))
                .check(status().is(200), jsonPath("$.status").in("accepted", "duplicate")));
    }

    private Map<String, String> newOrder(DateTimeFormatter time) {
        long id = nextOrderId.getAndIncrement();
        // A small pool of customers, so that repeat buyers (lifetime value) show up in the data.
        int customer = 1 + ThreadLocalRandom.current().nextInt(customers);
        return Map.of(
                "id", Long.toString(id),
                "number", Long.toString(1000 + id % 1_000_000_000),
                "email", "customer-" + customer + "@example.com",
                "customerId", Integer.toString(customer),
                "now", time.format(Instant.now()),
                "domain", wooDomain);
    }

    // UUID.randomUUID() draws from one shared SecureRandom; a version-4 UUID from the thread's own
    // generator is as unique for this purpose and does not contend across Gatling's threads.
    private static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
