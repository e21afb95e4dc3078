// H2's MVStore (B-tree, copy-on-write) at its defaults apart from a 64 MiB page cache; one map
// with byte[] keys and values. Durability is weaker than the others': a put lives in the JVM
// until the background auto-commit writes it. fillsync commits and syncs after each put.
// Thread-safe (MVMap is a concurrent map).
package dev.cairn.bench.store;

import java.nio.file.Path;
import java.util.Map;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;

/** Adapter for {@code com.h2database:h2}'s MVStore. */
public final class MvStoreAdapter implements StoreFactory {

    /** Creates the factory. */
    public MvStoreAdapter() {
    }

    @Override
    public StoreDescription describe(StoreConfig config) {
        return new StoreDescription("mvstore", "h2 " + Versions.of("h2") + " MVStore", "none (default)",
                "put stays in the JVM until the background auto-commit (default delay 1 s) writes it; "
                        + "no fsync; a kill -9 can lose the last second; fillsync: commit() + sync() per put",
                "page cache " + (config.cacheBytes() >> 20) + " MiB", "none (B-tree)");
    }

    @Override
    public BenchStore open(Path dir, StoreConfig config) {
        MVStore store = new MVStore.Builder().fileName(dir.resolve("store.mv").toString())
                .cacheSize((int) Math.max(1, config.cacheBytes() >> 20)).open();
        MVMap<byte[], byte[]> map = store.openMap("bench", new MVMap.Builder<byte[], byte[]>()
                .keyType(ByteArrayDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        return new Store(store, map);
    }

    private record Store(MVStore store, MVMap<byte[], byte[]> map) implements BenchStore {

        @Override
        public void flush() {
            store.commit();
        }

        @Override
        public Session session() {
            return new Session() {
                @Override
                public void put(byte[] key, byte[] value, boolean sync) {
                    map.put(key, value);
                    if (sync) {
                        store.commit();
                        store.sync();
                    }
                }

                @Override
                public byte[] get(byte[] key) {
                    return map.get(key);
                }

                @Override
                public void delete(byte[] key) {
                    map.remove(key);
                }

                @Override
                public int seekAndNext(byte[] key, int nexts) {
                    int n = 0;
                    Cursor<byte[], byte[]> c = map.cursor(key);
                    while (n <= nexts && c.hasNext()) {
                        c.next();
                        c.getValue();
                        n++;
                    }
                    return n;
                }

                @Override
                public ScanCursor scan(boolean reverse) {
                    Cursor<byte[], byte[]> c = reverse ? map.cursor(null, null, true) : map.cursor(null);
                    return new ScanCursor() {
                        @Override
                        public boolean step() {
                            if (!c.hasNext()) {
                                return false;
                            }
                            c.next();
                            c.getValue();
                            return true;
                        }

                        @Override
                        public void close() {
                        }
                    };
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public Map<String, Long> counters() {
            return Map.of();
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
