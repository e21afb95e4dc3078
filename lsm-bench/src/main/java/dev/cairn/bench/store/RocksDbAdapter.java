// RocksDB through its JNI binding, at its defaults apart from a 64 MiB LRU block cache and a
// 10 bits/key bloom filter. The store and its sessions are thread-safe (RocksDB is).
package dev.cairn.bench.store;

import java.nio.file.Path;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.UInt64AddOperator;
import org.rocksdb.WriteOptions;

/** Adapter for {@code org.rocksdb:rocksdbjni}. */
public class RocksDbAdapter implements StoreFactory {
    static {
        RocksDB.loadLibrary();
    }

    /** Creates the factory. */
    public RocksDbAdapter() {
    }

    @Override
    public StoreDescription describe(StoreConfig config) {
        String compression;
        try (Options o = new Options()) {
            compression = o.compressionType().name().toLowerCase(java.util.Locale.ROOT) + " (default)";
        }
        return new StoreDescription(name(), "rocksdbjni " + Versions.of("rocksdbjni") + " (RocksDB "
                + RocksDB.rocksdbVersion() + (blobFiles() ? ", BlobDB: setEnableBlobFiles(true), min blob size "
                + MIN_BLOB_SIZE + " B, blob garbage collection on" : "") + ")", compression,
                "WAL write reaches the OS (survives kill -9), no fsync; fillsync: WriteOptions.setSync(true)",
                "LRUCache " + (config.cacheBytes() >> 20) + " MiB", "bloom " + config.bloomBitsPerKey() + " bits/key");
    }

    /** Values from this size go to blob files in the BlobDB variant (as cairn-blob's threshold). */
    static final int MIN_BLOB_SIZE = 4096;

    /** @return the store's harness name */
    protected String name() {
        return "rocksdb";
    }

    /** @return whether large values go to blob files (RocksDB's integrated BlobDB) */
    protected boolean blobFiles() {
        return false;
    }

    @Override
    public BenchStore open(Path dir, StoreConfig config) throws RocksDBException {
        return new Store(dir, config, blobFiles());
    }

    private static final class Store implements BenchStore {
        private final LRUCache cache;
        private final BloomFilter filter;
        private final Options options;
        private final UInt64AddOperator counters = new UInt64AddOperator();
        private final RocksDB db;
        private final WriteOptions plain = new WriteOptions();
        private final WriteOptions synced = new WriteOptions().setSync(true);

        Store(Path dir, StoreConfig config, boolean blobFiles) throws RocksDBException {
            cache = new LRUCache(config.cacheBytes());
            filter = new BloomFilter(config.bloomBitsPerKey(), false);
            options = new Options().setCreateIfMissing(true).setMergeOperator(counters)
                    .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(filter));
            if (blobFiles) {
                options.setEnableBlobFiles(true).setMinBlobSize(MIN_BLOB_SIZE).setEnableBlobGarbageCollection(true);
            }
            db = RocksDB.open(options, dir.toString());
        }

        @Override
        public void flush() throws RocksDBException {
            try (FlushOptions f = new FlushOptions().setWaitForFlush(true)) {
                db.flush(f);
            }
        }

        @Override
        public Session session() {
            return new Session() {
                @Override
                public void put(byte[] key, byte[] value, boolean sync) {
                    try {
                        db.put(sync ? synced : plain, key, value);
                    } catch (RocksDBException e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public byte[] get(byte[] key) {
                    try {
                        return db.get(key);
                    } catch (RocksDBException e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public void delete(byte[] key) {
                    try {
                        db.delete(plain, key);
                    } catch (RocksDBException e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public void merge(byte[] key, byte[] operand) {
                    try {
                        db.merge(plain, key, operand);
                    } catch (RocksDBException e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public int seekAndNext(byte[] key, int nexts) {
                    int n = 0;
                    try (RocksIterator it = db.newIterator()) {
                        it.seek(key);
                        while (it.isValid()) {
                            it.key();
                            it.value();
                            if (++n > nexts) {
                                break;
                            }
                            it.next();
                        }
                    }
                    return n;
                }

                @Override
                public ScanCursor scan(boolean reverse) {
                    RocksIterator it = db.newIterator();
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
                            } else if (reverse) {
                                it.prev();
                            } else {
                                it.next();
                            }
                            if (!it.isValid()) {
                                return false;
                            }
                            it.key();
                            it.value();
                            return true;
                        }

                        @Override
                        public void close() {
                            it.close();
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
            plain.close();
            synced.close();
            options.close();
            counters.close();
            filter.close();
            cache.close();
        }
    }
}
