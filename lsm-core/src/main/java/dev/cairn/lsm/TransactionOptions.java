package dev.cairn.lsm;

/**
 * How a {@link Transaction} behaves: its isolation ({@link #defaults()} snapshot isolation,
 * {@link #serializable()}, or {@link #readOnly()}) and the durability of its commit
 * ({@link #writeOptions(WriteOptions)}). Immutable; each wither returns a copy.
 */
public final class TransactionOptions {
    private static final TransactionOptions DEFAULTS = new TransactionOptions(false, false, WriteOptions.defaults());
    private static final TransactionOptions SERIALIZABLE = new TransactionOptions(true, false, WriteOptions.defaults());
    private static final TransactionOptions READ_ONLY = new TransactionOptions(false, true, WriteOptions.defaults());

    private final boolean serializable;
    private final boolean readOnly;
    private final WriteOptions writeOptions;

    private TransactionOptions(boolean serializable, boolean readOnly, WriteOptions writeOptions) {
        this.serializable = serializable;
        this.readOnly = readOnly;
        this.writeOptions = writeOptions;
    }

    /**
     * @return snapshot isolation: reads see the snapshot taken at begin; commit fails when a
     *     commit after that snapshot wrote a key (or range) this transaction writes
     */
    public static TransactionOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @return serializable: as {@link #defaults()}, and commit also fails when a commit after the
     *     snapshot wrote a key this transaction read (hits and misses alike) or a key inside a range
     *     its cursors covered, so no write skew is possible
     */
    public static TransactionOptions serializable() {
        return SERIALIZABLE;
    }

    /** @return a read-only transaction: a stable snapshot view that never conflicts and refuses writes */
    public static TransactionOptions readOnly() {
        return READ_ONLY;
    }

    /**
     * @param options durability of the commit (sync or not); the store's default unless set
     * @return a copy with that setting
     * @throws IllegalArgumentException if {@code options} is null
     */
    public TransactionOptions writeOptions(WriteOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("write options must not be null (use WriteOptions.defaults())");
        }
        return new TransactionOptions(serializable, readOnly, options);
    }

    /** @return whether reads and covered ranges are validated at commit too */
    public boolean isSerializable() {
        return serializable;
    }

    /** @return whether the transaction refuses writes */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** @return the durability of the commit */
    public WriteOptions writeOptions() {
        return writeOptions;
    }

    @Override
    public String toString() {
        return "TransactionOptions(" + (readOnly ? "read-only" : serializable ? "serializable" : "snapshot isolation")
                + ", " + writeOptions + ")";
    }
}
