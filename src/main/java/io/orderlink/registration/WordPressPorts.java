package io.orderlink.registration;

import java.net.URI;
import java.util.Set;

/**
 * WordPress sends webhooks with {@code wp_safe_remote_request}, whose {@code wp_http_validate_url} allows only
 * ports 80, 443 and 8080 (filter {@code http_allowed_safe_ports}): a WooCommerce store cannot deliver to a public
 * URL on any other port, and says nothing about it but a failed delivery.
 */
public final class WordPressPorts {

    private static final Set<Integer> SAFE = Set.of(80, 443, 8080);

    private WordPressPorts() {
    }

    /**
     * The warning for a public URL WooCommerce cannot deliver to, or null when its port is one WordPress allows or
     * no public URL is set (the local default reaches no real store anyway; start-up names it).
     */
    public static String warning(URI publicUrl) {
        if (publicUrl == null) {
            return null;
        }
        int port = publicUrl.getPort() != -1 ? publicUrl.getPort() : "https".equals(publicUrl.getScheme()) ? 443 : 80;
        if (SAFE.contains(port)) {
            return null;
        }
        return "ORDERLINK_PUBLIC_URL uses port " + port + ": WordPress delivers webhooks only to ports 80, 443 and 8080 "
                + "(wp_http_validate_url), so WooCommerce stores cannot reach it; put a reverse proxy on 443 in front "
                + "(README, \"WooCommerce behind a reverse proxy\")";
    }
}
