package io.orderlink.stores;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The key a store is known by: the lower-case host of its address, with the port when it is not the
 * scheme's default (so local test stores on 127.0.0.1:PORT stay distinct). Only a host name as DNS allows it
 * (RFC 1123: labels of 1 to 63 letters, digits and inner hyphens, 253 characters in all) or an IP address is a
 * domain: anything longer would also overflow the store-change notification ({@code pg_notify} takes 8000 bytes).
 */
public final class StoreDomain {

    public static final int MAX_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private StoreDomain() {
    }

    /** Accepts a bare host ({@code shop.myshopify.com}) or a URL ({@code https://shop.example.com/}); null if neither. */
    public static String normalize(String hostOrUrl) {
        if (hostOrUrl == null || hostOrUrl.isBlank() || hostOrUrl.length() > 2048) {
            return null;
        }
        String value = hostOrUrl.trim();
        try {
            URI uri = URI.create(value.contains("://") ? value : "https://" + value);
            String host = uri.getHost();
            if (host == null || !isHost(host.toLowerCase(Locale.ROOT))) {
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

    /** An IPv6 literal as URI gives it ({@code [::1]}), or a DNS name (IPv4 addresses are such names too). */
    private static boolean isHost(String host) {
        if (host.startsWith("[")) {
            return host.endsWith("]");
        }
        if (host.isEmpty() || host.length() > MAX_LENGTH) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }
}
