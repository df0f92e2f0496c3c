package io.orderlink.analytics;

import io.orderlink.orders.Money;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MoneyAndHistogramTest {

    @Test
    void moneyIsWrittenAtTheCurrencysScaleRoundingHalfUp() {
        assertEquals("10.01", Money.format(new BigDecimal("10.005"), "USD"));
        assertEquals("1235", Money.format(new BigDecimal("1234.5"), "JPY"));
        assertEquals("1.235", Money.format(new BigDecimal("1.2345"), "KWD"));
        assertEquals("3.00", Money.format(new BigDecimal("3"), "XYZ"), "unknown codes get two decimals");
        assertEquals("56.67", Money.average(new BigDecimal("170"), 3, "USD"));
        assertEquals("0.00", Money.average(BigDecimal.ZERO, 0, "EUR"));
        assertEquals(new BigDecimal("66.67"), Money.percent(2, 3));
        assertEquals(new BigDecimal("0.00"), Money.percent(5, 0));
    }

    @Test
    void theMedianOfAnOddCountIsTheMiddleValue() {
        Histogram h = new Histogram(List.of(new Histogram.Bin(1, 2), new Histogram.Bin(5, 3)));
        assertEquals(List.of(new Histogram.Position(5, 0)), h.medianPositions());
    }

    @Test
    void theMedianOfAnEvenCountSpansTwoValuesPossiblyInTwoBins() {
        Histogram h = new Histogram(List.of(new Histogram.Bin(1, 2), new Histogram.Bin(5, 2)));
        assertEquals(List.of(new Histogram.Position(1, 1), new Histogram.Position(5, 0)), h.medianPositions());
        Histogram one = new Histogram(List.of(new Histogram.Bin(7, 4)));
        assertEquals(List.of(new Histogram.Position(7, 1), new Histogram.Position(7, 2)), one.medianPositions());
        assertEquals(List.of(), new Histogram(List.of()).medianPositions());
    }
}
