package io.orderlink.orders;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * Money as the API writes it: a decimal string at the currency's natural scale (USD 2, JPY 0, KWD 3; 2 for
 * codes ISO 4217 does not know), rounded half-up from the exact sum. Amounts of different currencies are never added.
 */
public final class Money {

    private static final int DEFAULT_SCALE = 2;

    private Money() {
    }

    public static int scale(String currency) {
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return digits < 0 ? DEFAULT_SCALE : digits;
        } catch (IllegalArgumentException | NullPointerException e) {
            return DEFAULT_SCALE;
        }
    }

    public static String format(BigDecimal amount, String currency) {
        return (amount == null ? BigDecimal.ZERO : amount).setScale(scale(currency), RoundingMode.HALF_UP).toPlainString();
    }

    /** {@code total / count} at the currency's scale; zero when there is nothing to divide by. */
    public static String average(BigDecimal total, long count, String currency) {
        if (count == 0) {
            return format(BigDecimal.ZERO, currency);
        }
        return total.divide(BigDecimal.valueOf(count), scale(currency), RoundingMode.HALF_UP).toPlainString();
    }

    /** {@code part / whole × 100} with two decimals, 0 when {@code whole} is 0 (it may exceed 100). */
    public static BigDecimal percent(long part, long whole) {
        if (whole == 0) {
            return BigDecimal.ZERO.setScale(2);
        }
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }
}
