package io.orderlink.processing;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * What the attribution worker reads of the ingest in its own process to yield to it (see {@link IngestYield}).
 *
 * @param saturated     whether ingest is saturated right now
 * @param arrivals      how many deliveries ingest has received so far: while it grows, batches are short
 * @param slowestAnswer the longest a delivery waited for its answer since the previous call, in nanoseconds
 */
public record IngestLoad(BooleanSupplier saturated, LongSupplier arrivals, LongSupplier slowestAnswer) {

    /** A process without ingest: nothing to yield to. */
    public static final IngestLoad NONE = new IngestLoad(() -> false, () -> 0, () -> 0);
}
