package io.orderlink.registration;

import io.orderlink.stores.Platform;
import io.orderlink.stores.StoreDomain;

/**
 * Whether a platform's answer proves a claim on a store, and what to tell the claimant when it does not. A Shopify
 * access token proves a claim when {@code shop { myshopifyDomain }} answers the claimed domain; WooCommerce keys
 * when they authenticate at the claimed URL (docs/api-and-analytics.md, "Store ownership").
 */
final class Ownership {

    private Ownership() {
    }

    /** Null when the platform's answer ({@link PlatformApi#owner}) is the claimed store; else why it is not. */
    static String mismatch(StoreAccess claim, String answeredDomain) {
        String answered = StoreDomain.normalize(answeredDomain);
        if (claim.domain().equals(answeredDomain) || claim.domain().equals(answered)) {
            return null;
        }
        return notTheStores(claim) + ": the platform answered for " + (answered == null ? "no store" : answered);
    }

    /** The platform refused the credentials: {@code why} is its answer. */
    static String refused(StoreAccess claim, String why) {
        return notTheStores(claim) + ": " + why;
    }

    /** The platform could not be asked, or did not answer: nothing is proven either way. */
    static String unverified(StoreAccess claim, String why) {
        return "could not prove ownership of " + claim.domain() + ": " + why;
    }

    private static String notTheStores(StoreAccess claim) {
        return claim.platform() == Platform.SHOPIFY ? "the access token does not belong to shop " + claim.domain()
                : "the keys were refused by " + claim.url();
    }
}
