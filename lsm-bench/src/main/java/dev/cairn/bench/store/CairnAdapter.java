// Cairn through its Java API (dev.cairn.lsm.LsmStore) with a 64 MiB block cache and a
// 10 bits/key bloom filter; everything else at StoreOptions defaults. Thread-safe (LsmStore is).
package dev.cairn.bench.store;

import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.StoreOptions;
import dev.cairn.lsm.WriteOptions;
import java.nio.file.Path;
import java.util.Locale;

/** Adapter for Cairn's Java API. */
public final class CairnAdapter implements StoreFactory {

    /** Creates the factory. */
    public CairnAdapter() {
    }

    /**
     * @param config the shared budget
     * @return the options every Cairn store in the benchmark (Java or Kotlin) opens with
     */
    public static StoreOptions options(StoreConfig config) {
        return StoreOptions.builder().blockCacheBytes(config.cacheBytes()).bloomBitsPerKey(config.bloomBitsPerKey()).build();
    }

    @Override
    public StoreDescription describe(StoreConfig config) {
        StoreOptions o = options(config);
        return new StoreDescription("cairn", "cairn " + Versions.of("cairn") + " (Java API)",
                o.compression().name().toLowerCase(Locale.ROOT) + " (default)",
                "WAL append reaches the OS (survives kill -9), no fsync; fillsync: WriteOptions.sync() (group commit)",
                "block cache " + (o.blockCacheBytes() >> 20) + " MiB", "bloom " + o.bloomBitsPerKey() + " bits/key");
    }

    @Override
    public BenchStore open(Path dir, StoreConfig config) {
        return new Store(LsmStore.open(dir, options(config)));
    }

    private record Store(LsmStore db) implements BenchStore {

        @Override
        public void flush() {
            db.flush();
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
                    Cursor c = db.newCursor();
                    return new ScanCursor() {
                        private boolean started;

                        @Override
                        public boolean step() {
                            if (!started) {
                                started = true;
                                if (reverse) {
                                    c.seekToLast();
                                } else {
                                    c.seekToFirst();
                                }
                            } else if (reverse) {
                                c.prev();
                            } else {
                                c.next();
                            }
                            if (!c.isValid()) {
                                return false;
                            }
                            c.key();
                            c.value();
                            return true;
                        }

                        @Override
                        public void close() {
                            c.close();
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
            db.close();
        }
    }
}
