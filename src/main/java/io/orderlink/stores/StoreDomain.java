package io.orderlink.stores;

import java.net.URI;
import java.util.Locale;

/**
 * The key a store is known by: the lower-case host of its address, with the port when it is not the
 * scheme's default (so local test stores on 127.0.0.1:PORT stay distinct).
 */
public final class StoreDomain {

    private StoreDomain() {
    }

    /** Accepts a bare host ({@code shop.myshopify.com}) or a URL ({@code https://shop.example.com/}); null if neither. */
    public static String normalize(String hostOrUrl) {
        if (hostOrUrl == null || hostOrUrl.isBlank()) {
            return null;
        }
        String value = hostOrUrl.trim();
        try {
            URI uri = URI.create(value.contains("://") ? value : "https://" + value);
            String host = uri.getHost();
            if (host == null || host.isEmpty()) {
                return null;
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (port == 443 && "https".equals(uri.getScheme()))
                    || (port == 80 && "http".equals(uri.getScheme()));
            String domain = host.toLowerCase(Locale.ROOT);
            return defaultPort ? domain : domain + ":" + port;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
