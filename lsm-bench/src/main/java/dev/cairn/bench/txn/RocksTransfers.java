// The txn workload on RocksDB's OptimisticTransactionDB: a transaction with a snapshot set at
// begin, getForUpdate on both keys (tracked for validation), retried when commit reports Busy or
// TryAgain; plain batches through the same DB's write(WriteBatch). Thread-safe.
package dev.cairn.bench.txn;

import dev.cairn.bench.store.StoreConfig;
import java.nio.file.Path;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.LRUCache;
import org.rocksdb.OptimisticTransactionDB;
import org.rocksdb.OptimisticTransactionOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.rocksdb.Transaction;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/** RocksDB's optimistic transactions, with the same cache and bloom budget as the harness's rocksdb. */
final class RocksTransfers implements TransferTarget {
    static {
        RocksDB.loadLibrary();
    }

    private final LRUCache cache;
    private final BloomFilter filter;
    private final Options options;
    private final OptimisticTransactionDB db;
    private final WriteOptions write = new WriteOptions();
    private final OptimisticTransactionOptions snapshotAtBegin = new OptimisticTransactionOptions().setSetSnapshot(true);

    RocksTransfers(Path dir, StoreConfig config) throws RocksDBException {
        cache = new LRUCache(config.cacheBytes());
        filter = new BloomFilter(config.bloomBitsPerKey(), false);
        options = new Options().setCreateIfMissing(true)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(filter));
        db = OptimisticTransactionDB.open(options, dir.toString());
    }

    @Override
    public int transfer(byte[] from, byte[] to) throws RocksDBException {
        int conflicts = 0;
        while (true) {
            try (Transaction tx = db.beginTransaction(write, snapshotAtBegin);
                 ReadOptions read = new ReadOptions().setSnapshot(tx.getSnapshot())) {
                long a = Counters.decode(tx.getForUpdate(read, from, true));
                long b = Counters.decode(tx.getForUpdate(read, to, true));
                tx.put(from, Counters.encode(a - 1));
                tx.put(to, Counters.encode(b + 1));
                try {
                    tx.commit();
                    return conflicts;
                } catch (RocksDBException e) {
                    Status.Code code = e.getStatus() == null ? null : e.getStatus().getCode();
                    if (code != Status.Code.Busy && code != Status.Code.TryAgain) {
                        throw e;
                    }
                    conflicts++;
                }
            }
        }
    }

    @Override
    public void batch(byte[] from, byte[] to, byte[] value) throws RocksDBException {
        try (WriteBatch b = new WriteBatch()) {
            b.put(from, value);
            b.put(to, value);
            db.write(write, b);
        }
    }

    @Override
    public void close() {
        db.close();
        snapshotAtBegin.close();
        write.close();
        options.close();
        filter.close();
        cache.close();
    }
}
