// How the public API opens a store without naming the engine's classes: the engine's one entry
// point, dev.cairn.lsm.internal.engine.StoreEngine.open(okio.Path, StoreOptions), is looked up
// reflectively once, at the first open, and called through a constant MethodHandle after that
// (the JIT compiles it to a direct call). Chosen over a ServiceLoader: no scan of the class path's
// META-INF/services at the first open (a desktop app opens a small store while it starts), nothing
// to configure, and the same code on the class path and the module path (a module may reflect on
// its own packages, exported or not). Stateless; thread-safe.
package dev.cairn.lsm;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** Opens stores through the engine's entry point. */
final class EngineEntry {
    /** The engine class; its {@code public static LsmStore open(okio.Path, StoreOptions)} is the entry point. */
    static final String ENGINE = "dev.cairn.lsm.internal.engine.StoreEngine";

    private EngineEntry() {
    }

    /** Holds the entry point: found when the first store is opened, not when this API is loaded. */
    private static final class Open {
        static final MethodHandle HANDLE = find();

        private static MethodHandle find() {
            try {
                Class<?> engine = Class.forName(ENGINE, true, EngineEntry.class.getClassLoader());
                return MethodHandles.lookup().findStatic(engine, "open",
                        MethodType.methodType(LsmStore.class, okio.Path.class, StoreOptions.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("lsm-core is incomplete: its engine (" + ENGINE + ") cannot be found", e);
            }
        }
    }

    /**
     * Opens a store through the engine.
     *
     * @param dir the store directory
     * @param options checked options
     * @return the open store
     */
    static LsmStore open(okio.Path dir, StoreOptions options) {
        try {
            return (LsmStore) Open.HANDLE.invokeExact(dir, options);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            // The entry point declares no checked exception; one arriving here is a bug.
            throw new LsmException("cannot open store " + dir + ": " + t, t);
        }
    }
}
