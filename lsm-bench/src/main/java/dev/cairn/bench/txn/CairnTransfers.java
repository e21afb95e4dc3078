// The txn workload on Cairn through its Java API: LsmStore.beginTransaction (snapshot isolation,
// retried on TransactionConflictException) and LsmStore.write(WriteBatch). Thread-safe.
package dev.cairn.bench.txn;

import dev.cairn.bench.store.CairnAdapter;
import dev.cairn.bench.store.StoreConfig;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.Transaction;
import dev.cairn.lsm.TransactionConflictException;
import dev.cairn.lsm.TransactionOptions;
import dev.cairn.lsm.WriteBatch;
import java.nio.file.Path;

/** Cairn's Java transactions. */
final class CairnTransfers implements TransferTarget {
    private final LsmStore db;

    CairnTransfers(Path dir, StoreConfig config) {
        this.db = LsmStore.open(dir, CairnAdapter.options(config));
    }

    @Override
    public int transfer(byte[] from, byte[] to) {
        int conflicts = 0;
        while (true) {
            try (Transaction tx = db.beginTransaction(TransactionOptions.defaults())) {
                long a = Counters.decode(tx.get(from));
                long b = Counters.decode(tx.get(to));
                tx.put(from, Counters.encode(a - 1));
                tx.put(to, Counters.encode(b + 1));
                tx.commit();
                return conflicts;
            } catch (TransactionConflictException e) {
                conflicts++;
            }
        }
    }

    @Override
    public void batch(byte[] from, byte[] to, byte[] value) {
        db.write(new WriteBatch().put(from, value).put(to, value));
    }

    @Override
    public void close() {
        db.close();
    }
}
