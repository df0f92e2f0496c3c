package io.orderlink.orders;

import static io.orderlink.testing.Fixtures.bytes;
import static io.orderlink.testing.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComplianceRequestTest {

    @Test
    void dataRequestSample() throws Exception {
        ComplianceRequest request = ComplianceRequest.parse("customers/data_request",
                bytes("shopify-customers-data-request.json"));

        assertEquals(new ComplianceRequest("customers/data_request", "{shop}.myshopify.com", "john@example.com",
                List.of("299938", "280263", "220458"), "9999"), request);
    }

    @Test
    void customersRedactSample() throws Exception {
        ComplianceRequest request = ComplianceRequest.parse("customers/redact", bytes("shopify-customers-redact.json"));

        assertEquals(new ComplianceRequest("customers/redact", "{shop}.myshopify.com", "john@example.com",
                List.of("299938", "280263", "220458"), null), request);
    }

    @Test
    void shopRedactSample() throws Exception {
        ComplianceRequest request = ComplianceRequest.parse("shop/redact", bytes("shopify-shop-redact.json"));

        assertEquals(new ComplianceRequest("shop/redact", "{shop}.myshopify.com", null, List.of(), null), request);
    }

    @Test
    void orderIdsBeyondTwoToThe53StayExact() throws Exception {
        String body = "{\"shop_domain\":\"Shop.myshopify.com\",\"customer\":{\"email\":\" A@B.com\"},"
                + "\"orders_to_redact\":[820982911946154508]}";

        ComplianceRequest request = ComplianceRequest.parse("customers/redact", utf8(body));

        assertEquals(List.of("820982911946154508"), request.orderIds());
        assertEquals("a@b.com", request.customerEmail());
        assertEquals("shop.myshopify.com", request.shopDomain());
    }

    @Test
    void missingShopDomainFails() {
        OrderParseException e = assertThrows(OrderParseException.class,
                () -> ComplianceRequest.parse("shop/redact", utf8("{\"shop_id\":1}")));
        assertEquals("Missing required field: shop_domain", e.getMessage());
    }

    @Test
    void onlyTheThreeComplianceTopics() {
        assertTrue(ComplianceRequest.isComplianceTopic("customers/redact"));
        assertFalse(ComplianceRequest.isComplianceTopic("orders/create"));
        assertFalse(ComplianceRequest.isComplianceTopic(null));
        assertThrows(IllegalArgumentException.class, () -> ComplianceRequest.parse("orders/create", utf8("{}")));
    }

    /** Only the body is signed: a captured request re-sent under another compliance topic is not taken for one. */
    @Test
    void aBodyIsOnlyTheRequestItsFieldsSayItIs() {
        assertThrows(OrderParseException.class,
                () -> ComplianceRequest.parse("customers/redact", bytes("shopify-customers-data-request.json")));
        assertThrows(OrderParseException.class,
                () -> ComplianceRequest.parse("shop/redact", bytes("shopify-customers-redact.json")));
        assertThrows(OrderParseException.class,
                () -> ComplianceRequest.parse("customers/data_request", bytes("shopify-customers-redact.json")));
        assertThrows(OrderParseException.class,
                () -> ComplianceRequest.parse("customers/redact", bytes("shopify-shop-redact.json")));
    }
}
