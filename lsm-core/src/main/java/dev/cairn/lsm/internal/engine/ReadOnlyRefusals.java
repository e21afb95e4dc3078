// What a read-only store refuses (ReadOnlyStore extends this class): writes, transactions, flushes,
// compactions, family changes and versioned reads, each with a message saying how to do it
// instead. Stateless beyond the store it refuses for.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.ColumnFamilyOptions;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.Transaction;
import dev.cairn.lsm.TransactionOptions;
import dev.cairn.lsm.Version;
import dev.cairn.lsm.WriteBatch;
import dev.cairn.lsm.WriteOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import okio.Path;

/** The read-only store's refusals; see the file comment. */
abstract class ReadOnlyRefusals implements LsmStore {
    /** @throws dev.cairn.lsm.StoreClosedException when the store is closed */
    abstract void checkOpen();

    /** @return the store's directory, for messages */
    abstract Path dir();

    /** Refused: versioned reads need the owner's commit-time map and retention window. */
    @Override
    public List<Version> history(byte[] key) {
        checkOpen();
        throw noVersionedReads("list history");
    }

    /** Refused, as {@link #history(byte[])}; {@code history(from, to)} reads this too. */
    @Override
    public Stream<Version> historyStream(byte[] from, byte[] to) {
        checkOpen();
        throw noVersionedReads("list history");
    }

    /** Refused, as {@link #history(byte[])}. */
    @Override
    public List<Version> historyOf(ColumnFamily family, byte[] key) {
        checkOpen();
        throw noVersionedReads("list history");
    }

    /** Refused, as {@link #history(byte[])}; {@code history(family, from, to)} reads this too. */
    @Override
    public Stream<Version> historyStream(ColumnFamily family, byte[] from, byte[] to) {
        checkOpen();
        throw noVersionedReads("list history");
    }

    IllegalArgumentException noVersionedReads(String what) {
        return new IllegalArgumentException("cannot " + what + ": store " + dir() + " is open read-only, and a"
                + " read-only store serves no versioned reads (asOf, history); open it, or a checkpoint of it,"
                + " with LsmStore.open and StoreOptions.builder().retainVersions(window)");
    }

    LsmException readOnly(String what) {
        return new LsmException("store " + dir() + " is open read-only: " + what
                + " is refused (open it with LsmStore.open to change it)");
    }

    @Override
    public void write(WriteBatch batch, WriteOptions writeOptions) {
        checkOpen();
        throw readOnly("write");
    }

    @Override
    public CompletableFuture<Void> writeAsync(WriteBatch batch, WriteOptions writeOptions) {
        checkOpen();
        return CompletableFuture.failedFuture(readOnly("write"));
    }

    /** Refused: a read-only store takes no commits (read at a {@link #snapshot()} instead). */
    @Override
    public Transaction beginTransaction(TransactionOptions transactionOptions) {
        checkOpen();
        throw readOnly("a transaction (read at a snapshot instead)");
    }

    @Override
    public void flush() {
        checkOpen();
        throw readOnly("flush");
    }

    @Override
    public void compactRange(byte[] from, byte[] to) {
        checkOpen();
        throw readOnly("compaction");
    }

    @Override
    public void resume() {
        checkOpen();
    }

    @Override
    public ColumnFamily createColumnFamily(String name, ColumnFamilyOptions familyOptions) {
        checkOpen();
        throw readOnly("creating a column family");
    }

    @Override
    public void dropColumnFamily(ColumnFamily family) {
        checkOpen();
        throw readOnly("dropping a column family");
    }

    @Override
    public void setOptions(ColumnFamily family, ColumnFamilyOptions familyOptions) {
        checkOpen();
        throw readOnly("setOptions");
    }

    @Override
    public void flush(ColumnFamily family) {
        checkOpen();
        throw readOnly("flush");
    }

    @Override
    public void compactRange(ColumnFamily family, byte[] from, byte[] to) {
        checkOpen();
        throw readOnly("compaction");
    }
}
