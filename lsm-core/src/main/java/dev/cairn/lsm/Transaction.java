package dev.cairn.lsm;

/**
 * An interactive, optimistic transaction over a snapshot of the store, begun with
 * {@link LsmStore#beginTransaction(TransactionOptions)}. Reads see the snapshot taken at begin
 * with the transaction's own writes over it; writes are buffered in the transaction and reach the
 * store only at {@link #commit()}, as ONE atomic batch (one log record through the store's group
 * commit, with the durability of {@link TransactionOptions#writeOptions()}).
 *
 * <p>Commit validates first; first committer wins. Under snapshot isolation
 * ({@link TransactionOptions#defaults()}) it fails with {@link TransactionConflictException} when a
 * commit after the snapshot wrote (put, delete, or a range delete covering it) a key this
 * transaction writes, or wrote any key inside a range this transaction deleted with
 * {@link #deleteRange}. Under {@link TransactionOptions#serializable()} it also fails when such a
 * commit wrote a key this transaction read through {@link #get} (a miss included) or a key inside
 * a range its cursors covered (from each seek position to where the cursor stopped). A read-only
 * transaction never conflicts and refuses writes. Validation runs against the store's latest
 * state and stays exact across flushes and compactions while the transaction is open (its
 * snapshot keeps the versions and tombstones newer than it), see the commit's cost notes on
 * {@link #commit()}.
 *
 * <pre>{@code
 * try (Transaction tx = db.beginTransaction(TransactionOptions.defaults())) {
 *     long balance = decode(tx.get(account));
 *     tx.put(account, encode(balance - 10));
 *     tx.commit();
 * } catch (TransactionConflictException e) {
 *     // someone else changed it first: run it again
 * }
 * }</pre>
 *
 * <p>A transaction spans column families as a {@link WriteBatch} does: each method has an overload
 * that takes a {@link ColumnFamily} first (RocksDB's style), the methods without one use the
 * default family, the snapshot is the store's (one state of every family), and the commit writes
 * every family's writes in its one log record, atomically. Validation is per family and key: the
 * same key in two families is two keys, and never conflicts with itself. A family used by a
 * transaction and dropped before its commit fails the call (or the commit) with
 * {@link IllegalArgumentException} naming it, before anything is written.
 *
 * <pre>{@code
 * try (Transaction tx = db.beginTransaction(TransactionOptions.defaults())) {
 *     byte[] order = tx.get(orders, id);
 *     tx.put(orders, id, shipped(order));
 *     tx.merge(counters, SHIPPED, MergeOperators.uint64(1));  // counters' own merge operator
 *     tx.delete(queue, id);
 *     tx.commit();                                            // all three families or none
 * }
 * }</pre>
 *
 * <p>An open transaction holds its snapshot, so compaction keeps what it can see: commit, roll
 * back or close it promptly. Closing one that was not committed rolls it back; nothing is
 * written. Not thread-safe: one thread at a time. Every call after {@link #commit()},
 * {@link #rollback()} or {@link #close()} (other than close) throws {@link IllegalStateException}.
 */
public interface Transaction extends AutoCloseable {
    /**
     * @param key the key
     * @return this transaction's own latest write of {@code key} if any (null when it deleted it),
     *     else the value at the transaction's snapshot, or null when absent; pending merge operands
     *     folded over either
     */
    byte[] get(byte[] key);

    /**
     * Buffers a put.
     *
     * @param key the key, at most {@link Limits#MAX_KEY_SIZE} bytes
     * @param value the value, at most {@link Limits#MAX_VALUE_SIZE} bytes
     * @throws IllegalArgumentException if an argument is bad, or the write set would exceed
     *     {@link Limits#MAX_TRANSACTION_BYTES} (the transaction is unchanged then)
     * @throws IllegalStateException if the transaction is read-only or finished
     */
    void put(byte[] key, byte[] value);

    /**
     * Buffers a merge operand for {@code key}: the store's {@link MergeOperator} folds it into the
     * key's value. This transaction's own reads ({@link #get}, cursors in both directions) see the
     * fold of its pending operands over the key's value in its view (its own put or delete of the
     * key, else its snapshot's value); commit writes them as merge operands, in order, in the
     * commit's one batch. For validation a merge is a write of the key (a commit after the
     * snapshot that wrote the key fails this one, as for {@link #put}); under
     * {@link TransactionOptions#serializable()} it is not a read. A counter that many writers bump
     * without ever conflicting is better served by {@link LsmStore#merge} outside a transaction.
     *
     * @param key the key, at most {@link Limits#MAX_KEY_SIZE} bytes
     * @param operand the operand, at most {@link Limits#MAX_VALUE_SIZE} bytes
     * @throws IllegalArgumentException if an argument is bad, the default family has no merge
     *     operator, or the write set would be too large (the transaction is unchanged then)
     * @throws IllegalStateException if the transaction is read-only or finished
     */
    void merge(byte[] key, byte[] operand);

    /**
     * Buffers a delete of one key.
     *
     * @param key the key
     * @throws IllegalArgumentException if the key is bad or the write set would be too large
     * @throws IllegalStateException if the transaction is read-only or finished
     */
    void delete(byte[] key);

    /**
     * Buffers a delete of every key in {@code [from, to)}: keys of the snapshot in the range and
     * the transaction's own earlier writes there disappear from its view; later puts inside the
     * range are visible again.
     *
     * @param from first key deleted
     * @param to first key kept; must not sort before {@code from}
     * @throws IllegalArgumentException if a bound is bad or the write set would be too large
     * @throws IllegalStateException if the transaction is read-only or finished
     */
    void deleteRange(byte[] from, byte[] to);

    /** @return a cursor over the snapshot with this transaction's writes merged over it */
    default Cursor newCursor() {
        return newCursor(ReadOptions.defaults());
    }

    /**
     * A cursor over the snapshot with this transaction's writes merged over it, in both
     * directions. It sees the transaction's writes as they are at each positioning call (writes
     * made while it is open included). Closed with the transaction at the latest.
     *
     * @param options whether blocks read may fill the cache and the read tier; must not name a
     *     snapshot or an instant (the transaction's own snapshot is used)
     * @return the cursor, not yet positioned
     * @throws IllegalArgumentException if {@code options} name a snapshot or an instant
     */
    Cursor newCursor(ReadOptions options);

    /**
     * As {@link #get(byte[])}, in a column family.
     *
     * @param family a live family of the transaction's store
     * @param key the key
     * @return this transaction's own latest write of {@code key} in {@code family} if any (null when
     *     it deleted it), else the family's value at the snapshot, or null when absent
     * @throws IllegalArgumentException if the family is dropped or not this store's, or the key is bad
     */
    byte[] get(ColumnFamily family, byte[] key);

    /**
     * As {@link #put(byte[], byte[])}, in a column family.
     *
     * @param family a live family of the transaction's store
     * @param key the key
     * @param value the value
     * @throws IllegalArgumentException if the family is dropped or not this store's, an argument is
     *     bad, or the write set would be too large
     * @throws IllegalStateException if the transaction is read-only or finished
     */
    void put(ColumnFamily family, byte[] key, byte[] value);

    /**
     * As {@link #merge(byte[], byte[])}, in a column family: the family's own merge operator folds
     * the operand.
     *
     * @param family a live family of the transaction's store, with a merge operator
     * @param key the key
     * @param operand the operand
     * @throws IllegalArgumentException if the family is dropped or not this store's, has no merge
     *     operator (the message names it), an argument is bad, or the write set would be too large
     * @throws IllegalStateException if the transaction is read-only or finished
     */
    void merge(ColumnFamily family, byte[] key, byte[] operand);

    /**
     * As {@link #delete(byte[])}, in a column family.
     *
     * @param family a live family of the transaction's store
     * @param key the key
     * @throws IllegalArgumentException if the family is dropped or not this store's, or the key is bad
     * @throws IllegalStateException if the transaction is read-only or finished
     */
    void delete(ColumnFamily family, byte[] key);

    /**
     * As {@link #deleteRange(byte[], byte[])}, in a column family.
     *
     * @param family a live family of the transaction's store
     * @param from first key deleted
     * @param to first key kept
     * @throws IllegalArgumentException if the family is dropped or not this store's, or a bound is bad
     * @throws IllegalStateException if the transaction is read-only or finished
     */
    void deleteRange(ColumnFamily family, byte[] from, byte[] to);

    /**
     * @param family a live family of the transaction's store
     * @return a cursor over the family at the snapshot with this transaction's writes there merged
     *     over it, in both directions (see {@link #newCursor(ReadOptions)})
     * @throws IllegalArgumentException if the family is dropped or not this store's
     */
    default Cursor newCursor(ColumnFamily family) {
        return newCursor(family, ReadOptions.defaults());
    }

    /**
     * As {@link #newCursor(ReadOptions)}, over a column family.
     *
     * @param family a live family of the transaction's store
     * @param options whether blocks read may fill the cache and the read tier; no snapshot or instant
     * @return the cursor, not yet positioned
     * @throws IllegalArgumentException if the family is dropped or not this store's, or {@code options}
     *     name a snapshot or an instant
     */
    Cursor newCursor(ColumnFamily family, ReadOptions options);

    /**
     * Marks the current state of the write set; {@link #rollbackToSavepoint()} returns to the
     * newest mark. Savepoints nest (a stack).
     */
    void setSavepoint();

    /**
     * Undoes every write made since the newest savepoint and removes that savepoint. Reads
     * made since stay recorded for validation (conservative: they may have steered what
     * followed).
     *
     * @throws IllegalStateException if no savepoint is set
     */
    void rollbackToSavepoint();

    /**
     * Validates and, if nobody conflicts, writes the write set atomically; blocks until
     * acknowledged. An empty write set (or a read-only transaction) writes nothing. Either way
     * the transaction is finished afterwards and its snapshot released.
     *
     * <p>Cost: every written key (and, when serializable, every key read) is looked up for its
     * newest version across memtables and tables (bloom filters answer most misses), and every
     * deleted or covered range is scanned at the latest state. That full check runs before the
     * commit joins the group commit, off the write path; inside the commit leader only what
     * committed since is checked, from the memtables (a full check again only if a memtable was
     * flushed meanwhile), so a large transaction holds other writers for little more than its
     * own append.
     *
     * @throws TransactionConflictException if another commit after the snapshot conflicts
     * @throws IllegalArgumentException if a family this transaction wrote (or, serializable, read)
     *     was dropped meanwhile: nothing is written, the transaction is rolled back
     * @throws IllegalStateException if the transaction is already finished
     */
    void commit();

    /** Discards the write set and finishes the transaction; nothing is written. */
    void rollback();

    /** Rolls back unless committed; releases the snapshot and any open cursors. Idempotent. */
    @Override
    void close();
}
