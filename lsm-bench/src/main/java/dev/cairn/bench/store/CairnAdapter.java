// Cairn through its Java API (dev.cairn.lsm.LsmStore) with a 64 MiB block cache and a
// 10 bits/key bloom filter; everything else at StoreOptions defaults (CairnEncryptedAdapter adds
// encryption to the same options). Thread-safe (LsmStore is).
package dev.cairn.bench.store;

import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.MergeOperators;
import dev.cairn.lsm.StoreOptions;
import dev.cairn.lsm.WriteOptions;
import java.nio.file.Path;
import java.util.Locale;

/** Adapter for Cairn's Java API. */
public class CairnAdapter implements StoreFactory {

    /** Creates the factory. */
    public CairnAdapter() {
    }

    /**
     * @param config the shared budget
     * @return the options every Cairn store in the benchmark (Java or Kotlin) opens with
     */
    public static StoreOptions options(StoreConfig config) {
        StoreOptions.Builder b = StoreOptions.builder().blockCacheBytes(config.cacheBytes())
                .bloomBitsPerKey(config.bloomBitsPerKey()).mergeOperator(MergeOperators.uint64Add()).ttl(config.ttl());
        if (config.memtableBytes() > 0) {
            b.memtableSizeBytes(config.memtableBytes());
        }
        if (config.compaction() != null) {
            b.compaction(config.compaction());
        }
        return b.build();
    }

    /**
     * @param config the shared budget
     * @return the options this adapter's stores open with
     */
    protected StoreOptions storeOptions(StoreConfig config) {
        return options(config);
    }

    /** @return the store's harness name */
    protected String name() {
        return "cairn";
    }

    @Override
    public StoreDescription describe(StoreConfig config) {
        StoreOptions o = storeOptions(config);
        return new StoreDescription(name(), "cairn " + Versions.of("cairn") + " (Java API"
                + (o.encryption() == null ? ")" : ", " + o.encryption() + ")"),
                o.compression().name().toLowerCase(Locale.ROOT) + " (default)",
                "WAL append reaches the OS (survives kill -9), no fsync; fillsync: WriteOptions.sync() (group commit)",
                "block cache " + (o.blockCacheBytes() >> 20) + " MiB", "bloom " + o.bloomBitsPerKey() + " bits/key");
    }

    @Override
    public BenchStore open(Path dir, StoreConfig config) {
        return new Store(LsmStore.open(dir, storeOptions(config)));
    }

    private record Store(LsmStore db) implements BenchStore {

        @Override
        public void flush() {
            db.flush();
        }

        @Override
        public String amplificationReport() {
            return CairnAmplification.report(db);
        }

        @Override
        public Session session() {
            return new Session() {
                @Override
                public void put(byte[] key, byte[] value, boolean sync) {
                    db.put(key, value, sync ? WriteOptions.sync() : WriteOptions.defaults());
                }

                @Override
                public byte[] get(byte[] key) {
                    return db.get(key);
                }

                @Override
                public void delete(byte[] key) {
                    db.delete(key);
                }

                @Override
                public void merge(byte[] key, byte[] operand) {
                    db.merge(key, operand);
                }

                @Override
                public int seekAndNext(byte[] key, int nexts) {
                    int n = 0;
                    try (Cursor c = db.newCursor()) {
                        c.seek(key);
                        while (c.isValid()) {
                            c.key();
                            c.value();
                            if (++n > nexts) {
                                break;
                            }
                            c.next();
                        }
                    }
                    return n;
                }

                @Override
                public ScanCursor scan(boolean reverse) {
                    // One class per direction, as a user's scan loop goes one way: a shared step
                    // with both moves would be compiled with both (bigger code, less inlined).
                    return reverse ? new ReverseScan(db.newCursor()) : new ForwardScan(db.newCursor());
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void close() {
            db.close();
        }
    }

    /**
     * A scan in one direction. Each direction's {@link #steps} loop is its own subclass's method
     * (see {@link ScanCursor#steps}): a loop in this class calling an abstract move would be one
     * call site compiled for both moves. The loops share everything else through the final
     * methods here, which inline into each without a type check.
     */
    private abstract static class DirectionalScan implements ScanCursor {
        final Cursor c;
        private final boolean reverse;
        /** Whether the first move (seekToFirst or seekToLast) was made. */
        private boolean started;

        DirectionalScan(Cursor c, boolean reverse) {
            this.c = c;
            this.reverse = reverse;
        }

        /** Makes the first move on the first call (once per scan, so not in the per-entry loop). */
        final void startOnce() {
            if (!started) {
                started = true;
                if (reverse) {
                    c.seekToLast();
                } else {
                    c.seekToFirst();
                }
            }
        }

        /** @return false past the end; else reads the entry's key and value, as a user's scan would */
        final boolean readEntry() {
            if (!c.isValid()) {
                return false;
            }
            c.key();
            c.value();
            return true;
        }

        @Override
        public boolean step() {
            return steps(1) == 1;
        }

        @Override
        public void close() {
            c.close();
        }
    }

    /** A forward scan: seekToFirst, then next after each entry read. */
    private static final class ForwardScan extends DirectionalScan {
        ForwardScan(Cursor c) {
            super(c, false);
        }

        @Override
        public int steps(int max) {
            startOnce();
            int n = 0;
            for (; n < max && readEntry(); n++) {
                c.next();
            }
            return n;
        }
    }

    /** A reverse scan: seekToLast, then prev after each entry read; {@link ForwardScan} mirrored. */
    private static final class ReverseScan extends DirectionalScan {
        ReverseScan(Cursor c) {
            super(c, true);
        }

        @Override
        public int steps(int max) {
            startOnce();
            int n = 0;
            for (; n < max && readEntry(); n++) {
                c.prev();
            }
            return n;
        }
    }
}
