// Maps a store's harness name to its adapter class, loaded by name so that an adapter whose
// library is missing from the jar (cairn-kotlin before lsm-coroutines has a Store) is
// reported instead of breaking the build. Stateless, thread-safe.
package dev.cairn.bench;

import dev.cairn.bench.store.StoreFactory;
import java.util.List;
import java.util.Map;

/** Finds the {@link StoreFactory} for a store name. */
final class StoreRegistry {
    private static final Map<String, String> FACTORIES = Map.of(
            "cairn", "dev.cairn.bench.store.CairnAdapter",
            "cairn-encrypted", "dev.cairn.bench.store.CairnEncryptedAdapter",
            "cairn-blob", "dev.cairn.bench.store.CairnBlobAdapter",
            "rocksdb-blob", "dev.cairn.bench.store.RocksDbBlobAdapter",
            "cairn-kotlin", "dev.cairn.bench.kotlin.CairnKotlinAdapter",
            "rocksdb", "dev.cairn.bench.store.RocksDbAdapter",
            "leveldb", "dev.cairn.bench.store.LevelDbAdapter",
            "mvstore", "dev.cairn.bench.store.MvStoreAdapter",
            "lmdb", "dev.cairn.bench.store.LmdbAdapter");

    /** Classes an adapter needs besides its own; a jar without them reports the store as skipped. */
    private static final Map<String, List<String>> REQUIRES = Map.of(
            "cairn-kotlin", List.of("dev.cairn.lsm.coroutines.Store", "kotlinx.coroutines.BuildersKt"));

    private StoreRegistry() {
    }

    /**
     * @param store a name from {@link BenchArgs#ALL_STORES}
     * @return its factory
     * @throws IllegalStateException when the adapter is not in this build, saying why
     */
    static StoreFactory factory(String store) {
        String className = FACTORIES.get(store);
        if (className == null) {
            throw new IllegalArgumentException("unknown store " + store);
        }
        try {
            for (String required : REQUIRES.getOrDefault(store, List.of())) {
                Class.forName(required, false, StoreRegistry.class.getClassLoader());
            }
            return (StoreFactory) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new IllegalStateException("adapter " + className + " or what it needs is not in this build (missing "
                    + e.getMessage() + ")", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + className + ": " + e, e);
        }
    }
}
