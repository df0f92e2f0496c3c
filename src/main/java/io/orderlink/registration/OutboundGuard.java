package io.orderlink.registration;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Keeps calls to stores outside the gateway's own network: a store address is resolved once, refused when any of
 * its addresses is loopback, private, link-local (cloud metadata lives there), unique-local, shared (carrier NAT),
 * multicast or unspecified, and the call then connects to the address that was checked, so a second lookup
 * cannot lead elsewhere. Without this, a tenant admin could point a store at 127.0.0.1:5432 and read the answer
 * in its status message. {@code allowInternal} (ORDERLINK_ALLOW_HTTP_STORES=true) is for local testing only.
 */
public final class OutboundGuard {

    /** Host name to addresses; the system resolver in production, a fake in tests. */
    interface Resolver {
        Future<List<InetAddress>> resolve(String host);
    }

    /** The store address that was refused; the call never left the gateway. */
    static final class Refused extends Exception {
        Refused(String host) {
            super(host + " resolves to a loopback, private, link-local or metadata address: refused "
                    + "(ORDERLINK_ALLOW_HTTP_STORES=true allows it for local testing)", null, false, false);
        }
    }

    private final Resolver resolver;
    private final boolean allowInternal;

    OutboundGuard(Resolver resolver, boolean allowInternal) {
        this.resolver = resolver;
        this.allowInternal = allowInternal;
    }

    /** The JDK's resolver, off the event loop. */
    static Resolver system(Vertx vertx) {
        return host -> vertx.executeBlocking(() -> List.of(InetAddress.getAllByName(host)), false);
    }

    /** The address to connect to for {@code host}, or a failed {@link Refused}. */
    Future<InetAddress> check(String host) {
        return resolver.resolve(host).compose(addresses -> {
            if (addresses.isEmpty()) {
                return Future.failedFuture(new java.net.UnknownHostException(host));
            }
            if (!allowInternal && addresses.stream().anyMatch(OutboundGuard::isInternal)) {
                return Future.failedFuture(new Refused(host));
            }
            return Future.succeededFuture(addresses.get(0));
        });
    }

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /**
     * An address written as an IP literal ({@code 10.0.0.1}, {@code [::1]}) that is internal: refused when a store
     * is connected, before anything is resolved. Host names are checked when resolved, before every call.
     */
    public static boolean isInternalLiteral(String host) {
        if (host == null || !(IPV4.matcher(host).matches() || host.startsWith("["))) {
            return false;
        }
        try {
            return isInternal(InetAddress.getByName(host.replaceAll("^\\[|]$", "")));
        } catch (java.net.UnknownHostException e) {
            return true;
        }
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) || first >= 240
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0);
        }
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc || isMappedInternal(b);
        }
        return false;
    }

    /** An IPv4 address written as IPv6 ({@code ::ffff:10.0.0.1}, or the deprecated {@code ::10.0.0.1}). */
    private static boolean isMappedInternal(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        boolean mapped = (b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff);
        try {
            return mapped && isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (java.net.UnknownHostException e) {
            return true;
        }
    }
}
