package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.StoreOptions;

/** Opens stores. (Engine under construction.) */
public final class StoreEngine {
    private StoreEngine() {
    }

    /** Opens a store. */
    public static LsmStore open(okio.Path dir, StoreOptions options) {
        throw new UnsupportedOperationException("engine under construction");
    }
}
