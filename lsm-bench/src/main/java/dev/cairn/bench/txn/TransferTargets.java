// Opens the txn workload's target for a harness store name: cairn (Java transactions),
// cairn-kotlin (loaded by class name, as the harness loads its adapter), rocksdb
// (OptimisticTransactionDB); every other store has no optimistic transactions here. Stateless.
package dev.cairn.bench.txn;

import dev.cairn.bench.store.StoreConfig;
import java.nio.file.Path;

/** Finds the {@link TransferTarget} of a store. */
final class TransferTargets {
    private static final String KOTLIN = "dev.cairn.bench.kotlin.KotlinTransfers";

    private TransferTargets() {
    }

    /**
     * @param store a harness store name
     * @return why the store cannot run the txn workload, or null when it can
     */
    static String unsupported(String store) {
        return switch (store) {
            case "cairn", "rocksdb" -> null;
            case "cairn-kotlin" -> kotlinPresent() ? null : "the Kotlin adapter is not in this build";
            default -> "no optimistic transactions in its adapter (txn runs on cairn, cairn-kotlin, rocksdb)";
        };
    }

    /**
     * @param store a store for which {@link #unsupported} is null
     * @param dir a fresh directory
     * @param config the cache and bloom budget
     * @return the opened target
     * @throws Exception when the store cannot be opened
     */
    static TransferTarget open(String store, Path dir, StoreConfig config) throws Exception {
        return switch (store) {
            case "cairn" -> new CairnTransfers(dir, config);
            case "rocksdb" -> new RocksTransfers(dir, config);
            case "cairn-kotlin" -> (TransferTarget) Class.forName(KOTLIN)
                    .getConstructor(Path.class, StoreConfig.class).newInstance(dir, config);
            default -> throw new IllegalArgumentException(store + ": " + unsupported(store));
        };
    }

    private static boolean kotlinPresent() {
        try {
            Class.forName(KOTLIN, false, TransferTargets.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
