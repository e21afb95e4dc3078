// Per-write durability: acknowledged once in the OS, or synced to the disk first. Immutable;
// thread-safe.
package dev.cairn.lsm;

/**
 * Per-write durability. Every acknowledged write has reached the operating system (it survives
 * the process being killed); a synced write has also reached the disk (it survives a power
 * cut). Concurrent synced writers share one fsync (group commit).
 */
public final class WriteOptions {
    private static final WriteOptions DEFAULTS = new WriteOptions(null);
    private static final WriteOptions SYNC = new WriteOptions(Boolean.TRUE);
    private static final WriteOptions NO_SYNC = new WriteOptions(Boolean.FALSE);

    private final Boolean sync;

    private WriteOptions(Boolean sync) {
        this.sync = sync;
    }

    /** @return options that follow the store's {@link StoreOptions#syncWrites()} default */
    public static WriteOptions defaults() {
        return DEFAULTS;
    }

    /** @return options that fsync the log before the write is acknowledged */
    public static WriteOptions sync() {
        return SYNC;
    }

    /** @return options that acknowledge once the log append reached the operating system */
    public static WriteOptions noSync() {
        return NO_SYNC;
    }

    /**
     * Resolves the durability of a write.
     *
     * @param storeDefault the store's default
     * @return true when the write must be fsynced before acknowledgement
     */
    public boolean syncOr(boolean storeDefault) {
        return sync == null ? storeDefault : sync;
    }

    @Override
    public String toString() {
        return sync == null ? "WriteOptions(store default)" : "WriteOptions(sync=" + sync + ")";
    }
}
