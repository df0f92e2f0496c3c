package io.orderlink.orders;

import java.util.Locale;

/** The one email normalization used for storage and matching, so padded or upper-case addresses still match. */
public final class Emails {

    private Emails() {
    }

    /** Trimmed and lower-cased (locale-independent); null or blank gives null. */
    public static String normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return raw.trim().toLowerCase(Locale.ROOT);
    }
}
