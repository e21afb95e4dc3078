// Admits a write to the group commit: checks the batch and its options, the column families it
// names (live in this store; merges only where an operator is set), the background error, and
// copies the batch once into its logged form. Stateless.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.BackgroundErrorException;
import dev.cairn.lsm.Limits;
import dev.cairn.lsm.WriteBatch;
import dev.cairn.lsm.WriteOptions;
import dev.cairn.lsm.internal.batch.BatchFormat;

/** The checks a write passes before it is queued. */
final class WriteAdmission {
    private WriteAdmission() {
    }

    /**
     * Checks and encodes a write.
     *
     * @param blocking whether the caller will wait through {@link CommitPipeline.Pending#await}
     * @param validation run by the commit leader before sequencing, or null
     * @param checkOpen throws when the store is closed
     * @param syncByDefault whether writes sync unless their options say otherwise
     * @return the queued form, or null for an empty batch (nothing to do)
     */
    static CommitPipeline.Pending pending(WriteBatch batch, WriteOptions options, boolean blocking,
                                          CommitPipeline.Validation validation, Runnable checkOpen,
                                          ColumnFamilySet families, BackgroundRequests background,
                                          boolean syncByDefault) {
        if (batch == null) {
            throw new IllegalArgumentException("batch must not be null");
        }
        if (options == null) {
            throw new IllegalArgumentException("write options must not be null (use WriteOptions.defaults())");
        }
        checkOpen.run();
        BatchFormat.Builder encoded = BatchEncoding.of(batch);
        if (encoded.size() > Limits.MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch is " + encoded.size() + " bytes; the limit is "
                    + Limits.MAX_BATCH_SIZE + " bytes (Limits.MAX_BATCH_SIZE)");
        }
        if (encoded.count() == 0) {
            return null;
        }
        families.checkBatch(encoded);
        Throwable bg = background.error();
        if (bg != null) {
            throw new BackgroundErrorException("background work failed; writes are refused until resume(): " + bg, bg);
        }
        return new CommitPipeline.Pending(encoded.encode(0, 0), options.syncOr(syncByDefault), blocking, validation);
    }
}
