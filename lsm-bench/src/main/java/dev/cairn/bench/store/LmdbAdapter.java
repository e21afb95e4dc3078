// LMDB through lmdbjava, the B-tree reference: no block cache (the OS page cache serves reads),
// no compression, MDB_NOSYNC so a commit reaches the OS without fsync, and writes batched
// 1000 puts (or deletes) per transaction per session. Readers hold a read transaction that is
// renewed every 1000 operations. The store is thread-safe; each session belongs to one thread
// (MDB_NOTLS lets read transactions move between threads, write transactions never do).
package dev.cairn.bench.store;

import java.nio.file.Path;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.GetOp;
import org.lmdbjava.Txn;

/** Adapter for {@code org.lmdbjava:lmdbjava}. */
public final class LmdbAdapter implements StoreFactory {
    private static final int BATCH = 1000;

    /** Creates the factory. */
    public LmdbAdapter() {
    }

    @Override
    public StoreDescription describe(StoreConfig config) {
        return new StoreDescription("lmdb", "lmdbjava " + Versions.of("lmdbjava"), "none",
                "MDB_NOSYNC: a commit reaches the OS (survives kill -9), no fsync; 1000 puts per write txn; "
                        + "fillsync: one txn per put + Env.sync(true)",
                "none (OS page cache)", "none (B-tree)");
    }

    @Override
    public BenchStore open(Path dir, StoreConfig config) {
        long perEntry = 64L + 16 + config.valueSize();
        long mapSize = Math.max(1L << 30, config.num() * perEntry * 8);
        Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMapSize(mapSize).setMaxDbs(1)
                .setMaxReaders(Math.max(126, config.maxWorkers() * 2 + 8))
                .open(dir.toFile(), EnvFlags.MDB_NOSYNC, EnvFlags.MDB_NOTLS);
        Dbi<byte[]> dbi = env.openDbi("bench", DbiFlags.MDB_CREATE);
        return new Store(env, dbi);
    }

    private record Store(Env<byte[]> env, Dbi<byte[]> dbi) implements BenchStore {

        @Override
        public Session session() {
            return new LmdbSession(env, dbi);
        }

        @Override
        public void close() {
            env.sync(true);
            dbi.close();
            env.close();
        }
    }

    private static final class LmdbSession implements Session {
        private final Env<byte[]> env;
        private final Dbi<byte[]> dbi;
        private Txn<byte[]> write;
        private int pending;
        private Txn<byte[]> read;
        private int reads;

        LmdbSession(Env<byte[]> env, Dbi<byte[]> dbi) {
            this.env = env;
            this.dbi = dbi;
        }

        @Override
        public void put(byte[] key, byte[] value, boolean sync) {
            if (sync) {
                commitPending();
                try (Txn<byte[]> txn = env.txnWrite()) {
                    dbi.put(txn, key, value);
                    txn.commit();
                }
                env.sync(true);
                return;
            }
            writeTxn();
            dbi.put(write, key, value);
            countWrite();
        }

        @Override
        public void delete(byte[] key) {
            writeTxn();
            dbi.delete(write, key);
            countWrite();
        }

        @Override
        public byte[] get(byte[] key) {
            return dbi.get(readTxn(), key);
        }

        @Override
        public int seekAndNext(byte[] key, int nexts) {
            int n = 0;
            try (Cursor<byte[]> c = dbi.openCursor(readTxn())) {
                boolean ok = c.get(key, GetOp.MDB_SET_RANGE);
                while (ok && n <= nexts) {
                    c.key();
                    c.val();
                    n++;
                    ok = n <= nexts && c.next();
                }
            }
            return n;
        }

        @Override
        public ScanCursor scan(boolean reverse) {
            Txn<byte[]> txn = env.txnRead();
            Cursor<byte[]> c = dbi.openCursor(txn);
            return new ScanCursor() {
                private boolean started;

                @Override
                public boolean step() {
                    boolean ok;
                    if (!started) {
                        started = true;
                        ok = reverse ? c.last() : c.first();
                    } else {
                        ok = reverse ? c.prev() : c.next();
                    }
                    if (ok) {
                        c.key();
                        c.val();
                    }
                    return ok;
                }

                @Override
                public void close() {
                    c.close();
                    txn.close();
                }
            };
        }

        @Override
        public void close() {
            commitPending();
            if (read != null) {
                read.close();
                read = null;
            }
        }

        private void writeTxn() {
            if (write == null) {
                write = env.txnWrite();
            }
        }

        private void countWrite() {
            if (++pending >= BATCH) {
                commitPending();
            }
        }

        private void commitPending() {
            if (write != null) {
                write.commit();
                write.close();
                write = null;
                pending = 0;
            }
        }

        private Txn<byte[]> readTxn() {
            if (read == null) {
                read = env.txnRead();
            } else if (++reads >= BATCH) {
                reads = 0;
                read.reset();
                read.renew();
            }
            return read;
        }
    }
}
