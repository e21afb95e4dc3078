// Cairn through its Java API with the options of CairnAdapter plus value separation: values from
// 4096 bytes live in the value log (StoreOptions.valueSeparationThreshold), so a run beside
// "cairn" shows what separation changes. Thread-safe (LsmStore is).
package dev.cairn.bench.store;

import dev.cairn.lsm.StoreOptions;

/** Adapter for Cairn's Java API with large values kept in the value log. */
public final class CairnBlobAdapter extends CairnAdapter {
    /** The separation threshold, as rocksdb-blob's minimum blob size. */
    static final int THRESHOLD = 4096;

    /** Creates the factory. */
    public CairnBlobAdapter() {
    }

    @Override
    protected StoreOptions storeOptions(StoreConfig config) {
        return options(config).toBuilder().valueSeparationThreshold(THRESHOLD).build();
    }

    @Override
    protected String name() {
        return "cairn-blob";
    }
}
