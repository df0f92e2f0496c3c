package io.orderlink.stores;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The key a store is known by: its host, fully normalized (lower case, no trailing dot, internationalized names
 * in punycode), with the port when it is not the scheme's default (so local test stores on 127.0.0.1:PORT stay
 * distinct). Two spellings of one store are one key, so a second organization cannot claim
 * {@code shop.myshopify.com.} next to {@code shop.myshopify.com}. Only a host name as DNS allows it (RFC 1123:
 * labels of 1 to 63 letters, digits and inner hyphens, 253 characters in all) or an IP address is a domain:
 * anything longer would also overflow the store-change notification ({@code pg_notify} takes 8000 bytes).
 */
public final class StoreDomain {

    public static final int MAX_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** A Shopify store's admin API host: {@code <name>.myshopify.com}. */
    private static final Pattern SHOPIFY = Pattern.compile("[a-z0-9][a-z0-9-]*\\.myshopify\\.com");

    private StoreDomain() {
    }

    /** Accepts a bare host ({@code shop.myshopify.com}) or a URL ({@code https://shop.example.com/}); null if neither. */
    public static String normalize(String hostOrUrl) {
        if (hostOrUrl == null || hostOrUrl.isBlank() || hostOrUrl.length() > 2048) {
            return null;
        }
        String value = hostOrUrl.trim();
        int schemeEnd = value.indexOf("://");
        String scheme = schemeEnd < 0 ? "https" : value.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        String authority = value.substring(schemeEnd < 0 ? 0 : schemeEnd + 3).split("[/?#]", 2)[0];
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = authority.startsWith("[") ? authority.indexOf(':', authority.indexOf(']')) : authority.lastIndexOf(':');
        String host = colon < 0 ? authority : authority.substring(0, colon);
        String port = colon < 0 ? "" : authority.substring(colon + 1);
        host = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (host.isEmpty() || !port.matches("\\d{0,5}") || (!port.isEmpty() && Integer.parseInt(port) > 65_535)) {
            return null;
        }
        try {
            host = host.startsWith("[") ? host : IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            return null;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (!isHost(host)) {
            return null;
        }
        boolean defaultPort = port.isEmpty() || ("443".equals(port) && "https".equals(scheme)) || ("80".equals(port) && "http".equals(scheme));
        return defaultPort ? host : host + ":" + Integer.parseInt(port);
    }

    /** True for a normalized {@code <name>.myshopify.com}, the only host a Shopify store's admin API answers on. */
    public static boolean isShopifyStore(String domain) {
        return domain != null && SHOPIFY.matcher(domain).matches();
    }

    /** An IPv6 literal ({@code [::1]}), or a DNS name (IPv4 addresses are such names too). */
    private static boolean isHost(String host) {
        if (host.startsWith("[")) {
            return host.endsWith("]") && host.length() > 2;
        }
        if (host.length() > MAX_LENGTH) {
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
