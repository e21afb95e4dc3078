package dev.cairn.lsm;

import java.time.Instant;

/**
 * How a {@link Transaction} behaves: its isolation ({@link #defaults()} snapshot isolation,
 * {@link #serializable()}, or {@link #readOnly()}), the durability of its commit
 * ({@link #writeOptions(WriteOptions)}), and for a read-only transaction the past instant it
 * reads at ({@link #asOf(Instant)}). Immutable; each wither returns a copy.
 */
public final class TransactionOptions {
    private static final TransactionOptions DEFAULTS = new TransactionOptions(false, false, WriteOptions.defaults(), null);
    private static final TransactionOptions SERIALIZABLE = new TransactionOptions(true, false, WriteOptions.defaults(), null);
    private static final TransactionOptions READ_ONLY = new TransactionOptions(false, true, WriteOptions.defaults(), null);

    private final boolean serializable;
    private final boolean readOnly;
    private final WriteOptions writeOptions;
    /** Null: the transaction reads at a snapshot taken when it begins. */
    private final Instant asOf;

    private TransactionOptions(boolean serializable, boolean readOnly, WriteOptions writeOptions, Instant asOf) {
        this.serializable = serializable;
        this.readOnly = readOnly;
        this.writeOptions = writeOptions;
        this.asOf = asOf;
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
        return new TransactionOptions(serializable, readOnly, options, asOf);
    }

    /**
     * A read-only transaction that reads the store as it was at {@code instant}: the newest
     * commit at or before it, as {@link ReadOptions#asOf(Instant)} reads, but for every read of
     * the transaction (gets and cursors, both directions) and for as long as it stays open. The
     * instant must lie inside the store's retention window
     * ({@link StoreOptions.Builder#retainVersions}) when the transaction begins; from then on the
     * transaction holds its view like a snapshot does, even after the window has passed the
     * instant (compaction keeps what it can see), so close it promptly.
     *
     * <pre>{@code
     * try (Transaction tx = db.beginTransaction(TransactionOptions.readOnly().asOf(anHourAgo))) {
     *     byte[] a = tx.get(alice), b = tx.get(bob);   // one consistent past state
     * }
     * }</pre>
     *
     * @param instant the instant to read at
     * @return a copy reading at {@code instant}
     * @throws IllegalArgumentException if {@code instant} is null
     * @throws IllegalStateException if these options are not read-only: a transaction that
     *     writes reads the latest state, and its writes could not be validated against the past
     */
    public TransactionOptions asOf(Instant instant) {
        if (instant == null) {
            throw new IllegalArgumentException("instant must not be null");
        }
        if (!readOnly) {
            throw new IllegalStateException("only a read-only transaction reads as of an instant: use "
                    + "TransactionOptions.readOnly().asOf(instant)");
        }
        return new TransactionOptions(serializable, true, writeOptions, instant);
    }

    /** @return the instant a read-only transaction reads at, or null when it reads at a snapshot taken at begin */
    public Instant asOf() {
        return asOf;
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
                + (asOf == null ? "" : " as of " + asOf) + ", " + writeOptions + ")";
    }
}
