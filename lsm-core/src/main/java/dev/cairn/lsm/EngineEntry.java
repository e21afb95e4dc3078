// How the public API opens a store without naming the engine's classes: the engine's entry
// points (StoreEngine.open, ReadOnlyStore.open and StoreBackups.open in
// dev.cairn.lsm.internal.engine) are each looked up reflectively once, at their first use, and
// called through a constant MethodHandle after that
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
    /** The read-only store; {@code public static LsmStore open(okio.Path, StoreOptions)}. */
    static final String READ_ONLY = "dev.cairn.lsm.internal.engine.ReadOnlyStore";
    /** The backup directory; {@code public static Backups open(okio.Path, okio.FileSystem)}. */
    static final String BACKUPS = "dev.cairn.lsm.internal.engine.StoreBackups";

    private EngineEntry() {
    }

    /** Holds the entry point: found when the first store is opened, not when this API is loaded. */
    private static final class Open {
        static final MethodHandle HANDLE = find(ENGINE, LsmStore.class, StoreOptions.class);
    }

    /** The read-only entry point, found at the first read-only open. */
    private static final class OpenReadOnly {
        static final MethodHandle HANDLE = find(READ_ONLY, LsmStore.class, StoreOptions.class);
    }

    /** The backups entry point, found when the first backup directory is opened. */
    private static final class OpenBackups {
        static final MethodHandle HANDLE = find(BACKUPS, Backups.class, okio.FileSystem.class);
    }

    private static MethodHandle find(String className, Class<?> returns, Class<?> second) {
        try {
            Class<?> engine = Class.forName(className, true, EngineEntry.class.getClassLoader());
            return MethodHandles.lookup().findStatic(engine, "open", MethodType.methodType(returns, okio.Path.class, second));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("lsm-core is incomplete: its engine (" + className + ") cannot be found", e);
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

    /**
     * Opens a store read-only through the engine.
     *
     * @param dir the store directory
     * @param options checked options
     * @return the open read-only store
     */
    static LsmStore openReadOnly(okio.Path dir, StoreOptions options) {
        try {
            return (LsmStore) OpenReadOnly.HANDLE.invokeExact(dir, options);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new LsmException("cannot open store " + dir + " read-only: " + t, t);
        }
    }

    /**
     * Opens a backup directory through the engine.
     *
     * @param dir the backup directory
     * @param fs its file system
     * @return the open backup directory
     */
    static Backups openBackups(okio.Path dir, okio.FileSystem fs) {
        try {
            return (Backups) OpenBackups.HANDLE.invokeExact(dir, fs);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new LsmException("cannot open backup directory " + dir + ": " + t, t);
        }
    }
}
