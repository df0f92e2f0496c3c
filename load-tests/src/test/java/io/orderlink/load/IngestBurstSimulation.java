package io.orderlink.load;

import io.gatling.javaapi.core.Simulation;

/**
 * Signed Shopify and WooCommerce order webhooks against the gateway's ingest port, or the same
 * requests against the baselines: {@code BareServer} ({@code -Dtarget=bare}) and {@code NaiveServer}
 * ({@code -Dtarget=naive}).
 */
public class IngestBurstSimulation extends Simulation {

    {
        String target = Settings.string("target", "gateway");
        boolean bare = switch (target) {
            case "gateway", "naive" -> false;
            case "bare" -> true;
            default -> throw new IllegalArgumentException("-Dtarget=" + target + ": expected gateway, naive or bare");
        };
        String baseUrl = Settings.required("baseUrl");
        // The bare server checks nothing, so it needs no store secrets.
        Webhooks webhooks = new Webhooks(
                Settings.string("shopifyDomain", "bench-shop.myshopify.com"),
                bare ? "unused" : Settings.required("shopifySecret"),
                Settings.string("wooDomain", "bench-woo.example.com"),
                bare ? "unused" : Settings.required("wooSecret"),
                Settings.integer("customers", 1000));
        LoadProfile profile = new LoadProfile();

        setUp(profile.population("ingest " + target,
                        webhooks.mixedDelivery(Settings.integer("shopifyPercent", 50) / 100.0)))
                .protocols(LoadProfile.protocol(baseUrl))
                .assertions(profile.assertions())
                .maxDuration(profile.maxDuration());
    }
}
