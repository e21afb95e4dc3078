// iq80 LevelDB 0.12 (pure Java) with a 64 MiB block cache and Snappy from org.iq80.snappy; it
// has no bloom filter. Reads right after a reopen can hit the library's known table-cache race
// ("Could not open table", dain/leveldb #7 and #68): such an operation is retried and counted
// in counters().get("retries"), which is process-wide so it survives reopen. Thread-safe.
package dev.cairn.bench.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.iq80.leveldb.CompressionType;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.WriteOptions;
import org.iq80.leveldb.impl.Iq80DBFactory;
import org.iq80.leveldb.util.Snappy;

/** Adapter for {@code org.iq80.leveldb:leveldb}. */
public final class LevelDbAdapter implements StoreFactory {
    private static final int MAX_ATTEMPTS = 100;
    private static final AtomicLong RETRIES = new AtomicLong();

    /** Creates the factory. */
    public LevelDbAdapter() {
    }

    @Override
    public StoreDescription describe(StoreConfig config) {
        return new StoreDescription("leveldb", "iq80 leveldb " + Versions.of("leveldb"),
                Snappy.available() ? "snappy (org.iq80.snappy " + Versions.of("snappy") + ")" : "none (no snappy on class path)",
                "log write reaches the OS (survives kill -9), no fsync; fillsync: WriteOptions.sync(true)",
                "block cache " + (config.cacheBytes() >> 20) + " MiB", "none (0.12 has no filter policy)");
    }

    @Override
    public BenchStore open(Path dir, StoreConfig config) throws IOException {
        Options options = new Options().createIfMissing(true).cacheSize(config.cacheBytes())
                .compressionType(CompressionType.SNAPPY);
        DB db = retry(() -> {
            try {
                return Iq80DBFactory.factory.open(dir.toFile(), options);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return new Store(db);
    }

    private static <T> T retry(Supplier<T> op) {
        for (int attempt = 1; ; attempt++) {
            try {
                return op.get();
            } catch (RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS || !isTableRace(e)) {
                    throw e;
                }
                RETRIES.incrementAndGet();
                Thread.onSpinWait();
            }
        }
    }

    private static boolean isTableRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Could not open table")) {
                return true;
            }
        }
        return false;
    }

    private static final class Store implements BenchStore {
        private final DB db;
        private final WriteOptions plain = new WriteOptions();
        private final WriteOptions synced = new WriteOptions().sync(true);

        Store(DB db) {
            this.db = db;
        }

        @Override
        public Map<String, Long> counters() {
            return Map.of("retries", RETRIES.get());
        }

        @Override
        public Session session() {
            return new Session() {
                @Override
                public void put(byte[] key, byte[] value, boolean sync) {
                    db.put(key, value, sync ? synced : plain);
                }

                @Override
                public byte[] get(byte[] key) {
                    return retry(() -> db.get(key));
                }

                @Override
                public void delete(byte[] key) {
                    db.delete(key, plain);
                }

                @Override
                public int seekAndNext(byte[] key, int nexts) {
                    return retry(() -> {
                        int n = 0;
                        try (DBIterator it = db.iterator()) {
                            for (it.seek(key); it.hasNext() && n <= nexts; n++) {
                                Map.Entry<byte[], byte[]> e = it.next();
                                e.getKey();
                                e.getValue();
                            }
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                        return n;
                    });
                }

                @Override
                public ScanCursor scan(boolean reverse) {
                    DBIterator it = retry(db::iterator);
                    return new ScanCursor() {
                        private boolean started;

                        @Override
                        public boolean step() {
                            if (!started) {
                                started = true;
                                if (reverse) {
                                    it.seekToLast();
                                } else {
                                    it.seekToFirst();
                                }
                            }
                            if (reverse ? !it.hasPrev() : !it.hasNext()) {
                                return false;
                            }
                            Map.Entry<byte[], byte[]> e = reverse ? it.prev() : it.next();
                            e.getKey();
                            e.getValue();
                            return true;
                        }

                        @Override
                        public void close() {
                            try {
                                it.close();
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    };
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void close() {
            try {
                db.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
