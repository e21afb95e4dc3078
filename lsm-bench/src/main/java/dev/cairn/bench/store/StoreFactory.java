// Opens one kind of store under test. Implementations are stateless and thread-safe.
package dev.cairn.bench.store;

import java.nio.file.Path;

/** Opens one kind of store under test; each adapter has a public no-argument constructor. */
public interface StoreFactory {

    /**
     * @param config the shared budget
     * @return how the store is configured, for the report
     */
    StoreDescription describe(StoreConfig config);

    /**
     * Opens (creating if needed) the store in {@code dir}.
     *
     * @param dir an existing directory that only this store uses
     * @param config the shared budget
     * @return the open store
     * @throws Exception whatever the library throws
     */
    BenchStore open(Path dir, StoreConfig config) throws Exception;
}
