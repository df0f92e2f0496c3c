package io.orderlink.stores;

/** The store platforms Orderlink receives orders from; {@link #id()} is the stored and wire name. */
public enum Platform {
    SHOPIFY("shopify"),
    WOOCOMMERCE("woocommerce");

    private final String id;

    Platform(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Platform fromId(String id) {
        for (Platform platform : values()) {
            if (platform.id.equals(id)) {
                return platform;
            }
        }
        throw new IllegalArgumentException("Unknown platform: " + id);
    }
}
