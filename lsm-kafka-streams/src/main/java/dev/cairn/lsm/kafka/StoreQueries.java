package dev.cairn.lsm.kafka;

import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.ResultOrder;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Interactive queries (IQv2) against a bytes store: {@link KeyQuery} and {@link RangeQuery}
 * (ascending, descending or any order), refused with {@link FailureReason#NOT_UP_TO_BOUND} when
 * the store's position is behind the query's bound for the store's partition, and
 * {@link FailureReason#UNKNOWN_QUERY_TYPE} for anything else. A successful result carries a copy
 * of the store's position. Stateless.
 */
final class StoreQueries {
    private StoreQueries() {
    }

    /**
     * @param store the store to read
     * @param position the store's position
     * @param partition the partition the store serves
     * @param query the query, with {@code Bytes} keys (the metered layer above has serialized them)
     * @param bound how far the store must have come
     * @param config whether to collect execution information
     * @param <R> the result type
     * @return the result or the failure
     */
    @SuppressWarnings("unchecked")
    static <R> QueryResult<R> execute(KeyValueStore<Bytes, byte[]> store, Position position, int partition,
                                      Query<R> query, PositionBound bound, QueryConfig config) {
        long start = System.nanoTime();
        QueryResult<R> result;
        if (!reached(position, bound, partition)) {
            result = QueryResult.notUpToBound(position, bound, partition);
        } else if (query instanceof KeyQuery<?, ?> keyQuery) {
            result = answer(() -> (R) store.get((Bytes) keyQuery.getKey()), position);
        } else if (query instanceof RangeQuery<?, ?> rangeQuery) {
            result = answer(() -> (R) range(store, (RangeQuery<Bytes, byte[]>) rangeQuery), position);
        } else {
            result = QueryResult.forUnknownQueryType(query, store);
        }
        if (config.isCollectExecutionInfo()) {
            result.addExecutionInfo("handled in " + store.getClass().getSimpleName() + " " + store.name()
                    + " in " + (System.nanoTime() - start) + " ns");
        }
        return result;
    }

    /**
     * @return true when, for every topic the bound names for {@code partition}, the position has
     *     seen that partition at or past the bound's offset
     */
    static boolean reached(Position position, PositionBound bound, int partition) {
        if (bound.isUnbounded()) {
            return true;
        }
        Position wanted = bound.position();
        for (String topic : wanted.getTopics()) {
            Long needed = wanted.getPartitionPositions(topic).get(partition);
            if (needed == null) {
                continue;
            }
            Map<Integer, Long> seen = position.getPartitionPositions(topic);
            Long at = seen.get(partition);
            if (at == null || at < needed) {
                return false;
            }
        }
        return true;
    }

    private static KeyValueIterator<Bytes, byte[]> range(KeyValueStore<Bytes, byte[]> store, RangeQuery<Bytes, byte[]> query) {
        Bytes lower = query.getLowerBound().orElse(null);
        Bytes upper = query.getUpperBound().orElse(null);
        return query.resultOrder() == ResultOrder.DESCENDING
                ? store.reverseRange(lower, upper)
                : store.range(lower, upper);
    }

    private static <R> QueryResult<R> answer(ResultSupplier<R> read, Position position) {
        try {
            QueryResult<R> result = QueryResult.forResult(read.get());
            result.setPosition(position.copy());
            return result;
        } catch (RuntimeException e) {
            return QueryResult.forFailure(FailureReason.STORE_EXCEPTION, e.toString());
        }
    }

    /** A read that may fail. */
    private interface ResultSupplier<R> {
        R get();
    }
}
