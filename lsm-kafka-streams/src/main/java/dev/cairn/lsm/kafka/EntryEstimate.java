package dev.cairn.lsm.kafka;

import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.StoreStats;

/**
 * Kafka's {@code approximateNumEntries} for a Cairn store. {@link StoreStats} reports bytes, not
 * entries, and a memtable's bytes include its fixed-size index, so a small store is simply
 * counted: up to {@link #COUNTED} records are read through a cursor. Past that the estimate is
 * the bytes held (memtables and tables) over the mean size of the records read plus a fixed
 * per-entry overhead (internal key trailer, block entry header, index and filter share). Like
 * RocksDB's {@code estimate-num-keys} it then counts overwritten and deleted versions not yet
 * compacted away, and a memtable's fixed index (an eighth of its planned size) is counted as
 * records too, so it runs high: by about 1.6 times just past the counted limit with the default
 * 16 MiB memtable, less as the store grows. An engine entry count in {@link StoreStats} would
 * make it exact. Stateless.
 */
final class EntryEstimate {
    /** Stores with at most this many records are counted exactly (tens of milliseconds of reading). */
    static final int COUNTED = 50_000;
    /** Bytes a stored entry costs beyond its key and value. */
    private static final int OVERHEAD = 16;

    private EntryEstimate() {
    }

    /**
     * @param db the store
     * @return the exact number of records up to {@link #COUNTED}, an estimate past it
     */
    static long of(LsmStore db) {
        return of(db, COUNTED);
    }

    /**
     * @param db the store
     * @param countLimit how many records to count before estimating
     * @return the exact number of records up to {@code countLimit}, an estimate past it
     */
    static long of(LsmStore db, int countLimit) {
        long counted = 0;
        long countedBytes = 0;
        try (Cursor cursor = db.newCursor()) {
            for (cursor.seek(KeySpace.RECORDS_FIRST); cursor.isValid(); cursor.next()) {
                byte[] key = cursor.key();
                if (key[0] != KeySpace.RECORDS_FIRST[0]) {
                    return counted;
                }
                if (counted == countLimit) {
                    break;
                }
                counted++;
                countedBytes += key.length + cursor.value().length;
            }
            if (!cursor.isValid()) {
                return counted;
            }
        }
        StoreStats stats = db.stats();
        long bytes = stats.memtableBytes() + stats.tableBytes();
        return Math.max(counted + 1, bytes / (countedBytes / counted + OVERHEAD));
    }
}
