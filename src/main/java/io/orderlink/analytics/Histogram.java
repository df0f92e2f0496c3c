package io.orderlink.analytics;

import java.util.ArrayList;
import java.util.List;

/**
 * A histogram's bins in ascending order, used to find where the true median lies: the middle value for an odd
 * count, the two middle values (to be averaged) for an even one. Only those bins are then read value by value.
 */
public record Histogram(List<Bin> bins) {

    public record Bin(int bin, long count) {
    }

    /** The {@code offset}-th smallest value (from 0) inside {@code bin}. */
    public record Position(int bin, long offset) {
    }

    public long count() {
        return bins.stream().mapToLong(Bin::count).sum();
    }

    /** Where the middle value(s) are: none when empty, one for an odd count, two for an even count. */
    public List<Position> medianPositions() {
        long n = count();
        if (n == 0) {
            return List.of();
        }
        List<Long> ranks = n % 2 == 1 ? List.of(n / 2) : List.of(n / 2 - 1, n / 2);
        List<Position> positions = new ArrayList<>(ranks.size());
        for (long rank : ranks) {
            long before = 0;
            for (Bin bin : bins) {
                if (rank < before + bin.count()) {
                    positions.add(new Position(bin.bin(), rank - before));
                    break;
                }
                before += bin.count();
            }
        }
        return positions;
    }
}
