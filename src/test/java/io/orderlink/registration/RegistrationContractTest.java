package io.orderlink.registration;

import io.orderlink.registration.RegistrationFailure.Reason;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The message shapes and failure codes both sides of the registration contract use. */
class RegistrationContractTest {

    @Test
    void requestsSurviveTheWire() {
        for (RegistrationRequest request : new RegistrationRequest[]{
                RegistrationRequest.store("org", 42),
                RegistrationRequest.store("org", "shopify", "shop.myshopify.com"),
                RegistrationRequest.store("org", 42).withRepair(),
                RegistrationRequest.store("org", 42).since("2026-01-31T12:00:00Z"),
                RegistrationRequest.sweep(0),
                RegistrationRequest.sweep(null),
                RegistrationRequest.claim("org", "woocommerce", "shop.example", "https://shop.example", Buffer.buffer(new byte[]{1, 2, 3}))}) {
            assertEquals(request, RegistrationRequest.fromJson(request.toJson()));
        }
        assertEquals(new JsonObject().put("orgId", "org").put("storeId", 42L).put("repair", true),
                RegistrationRequest.store("org", 42).withRepair().toJson());
    }

    @Test
    void aClaimCarriesItsCredentialsSealedAndNeverShowsThem() {
        RegistrationRequest claim = RegistrationRequest.claim("org", "shopify", "shop.myshopify.com", "https://shop.myshopify.com",
                Buffer.buffer("sealed-bytes"));

        assertEquals(Buffer.buffer("sealed-bytes"), RegistrationRequest.fromJson(claim.toJson()).sealedCredentials());
        assertFalse(claim.toString().contains(claim.credentials()), claim.toString());
        assertNull(new RegistrationRequest("org", null, null, null, false, null, null, null, "not base64!").sealedCredentials());
    }

    @Test
    void fieldsOfTheWrongTypeCountAsAbsent() {
        RegistrationRequest read = RegistrationRequest.fromJson(new JsonObject().put("orgId", 5).put("storeId", "7")
                .put("platform", "magento").put("repair", "yes"));
        assertEquals(new RegistrationRequest(null, null, "magento", null, false, null, null, null, null), read);
        assertNull(read.knownPlatform());
        assertEquals(RegistrationRequest.sweep(null), RegistrationRequest.fromJson(null));
    }

    @Test
    void everyOperationHasItsOwnAddress() {
        assertEquals(RegistrationOperation.values().length,
                Arrays.stream(RegistrationOperation.values()).map(RegistrationOperation::address).distinct().count());
    }

    @Test
    void refusalsTravelAsTheirCodeAndComeBackAsTheSameReason() {
        for (Reason reason : Reason.values()) {
            RegistrationFailure sent = new RegistrationFailure(reason, "why");
            RegistrationFailure back = (RegistrationFailure) RegistrationFailure.fromReply(
                    new ReplyException(ReplyFailure.RECIPIENT_FAILURE, RegistrationFailure.of(sent).reason().code, "why"));
            assertEquals(reason, back.reason());
            assertEquals("why", back.getMessage());
        }
    }

    @Test
    void anUnexpectedFailureIsAnInternalErrorThatSaysNoMore() {
        RegistrationFailure answer = RegistrationFailure.of(new IllegalStateException("pool closed at 10.0.0.5"));
        assertEquals(Reason.INTERNAL, answer.reason());
        assertEquals("internal error", answer.getMessage());
    }

    @Test
    void transportFailuresBecomeTimeoutOrNoWorker() {
        assertEquals(Reason.TIMEOUT, ((RegistrationFailure) RegistrationFailure.fromReply(
                new ReplyException(ReplyFailure.TIMEOUT, "timed out"))).reason());
        assertEquals(Reason.NO_WORKER, ((RegistrationFailure) RegistrationFailure.fromReply(
                new ReplyException(ReplyFailure.NO_HANDLERS, "no handlers"))).reason());
        IllegalStateException other = new IllegalStateException("closed");
        assertSame(other, RegistrationFailure.fromReply(other));
    }
}
