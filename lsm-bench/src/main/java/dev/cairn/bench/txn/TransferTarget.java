// What the txn workload drives: one store's transfer transaction and the plain batch of the same
// shape. Implementations are thread-safe: every writer thread calls the same instance.
package dev.cairn.bench.txn;

/** A store opened for the txn workload. */
public interface TransferTarget extends AutoCloseable {

    /**
     * Reads two counters, writes both back (one decremented, one incremented) and commits, running
     * it again on every conflict until it commits.
     *
     * @param from the key debited
     * @param to the key credited
     * @return the conflicts met (attempts that did not commit) before the one that did
     * @throws Exception when the store fails
     */
    int transfer(byte[] from, byte[] to) throws Exception;

    /**
     * Writes both keys in one plain atomic batch, no read and no validation: the same shape
     * without the transaction.
     *
     * @param from the first key
     * @param to the second key
     * @param value the value written under both
     * @throws Exception when the store fails
     */
    void batch(byte[] from, byte[] to, byte[] value) throws Exception;

    /** Closes the store. */
    @Override
    void close();
}
