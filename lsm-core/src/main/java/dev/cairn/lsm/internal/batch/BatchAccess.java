package dev.cairn.lsm.internal.batch;

import dev.cairn.lsm.WriteBatch;
import java.util.function.Function;

/**
 * Lets the engine read the encoded form of a public {@link WriteBatch} without widening that
 * class's API. {@code WriteBatch} installs the accessor from its static initializer, which has
 * always run by the time the engine holds a batch.
 */
public final class BatchAccess {
    private static volatile Function<WriteBatch, BatchFormat.Builder> accessor;

    private BatchAccess() {
    }

    /**
     * Called once by {@link WriteBatch}.
     *
     * @param f returns a batch's encoder
     */
    public static void install(Function<WriteBatch, BatchFormat.Builder> f) {
        accessor = f;
    }

    /**
     * @param batch a public batch
     * @return its encoder
     */
    public static BatchFormat.Builder encoded(WriteBatch batch) {
        return accessor.apply(batch);
    }
}
