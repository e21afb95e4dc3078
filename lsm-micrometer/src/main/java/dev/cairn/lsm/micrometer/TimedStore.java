package dev.cairn.lsm.micrometer;

import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.ColumnFamilyOptions;
import dev.cairn.lsm.CompactionAdvice;
import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.ReadOptions;
import dev.cairn.lsm.Transaction;
import dev.cairn.lsm.TransactionOptions;
import dev.cairn.lsm.Snapshot;
import dev.cairn.lsm.StoreStats;
import dev.cairn.lsm.Version;
import dev.cairn.lsm.WriteBatch;
import dev.cairn.lsm.WriteOptions;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An {@link LsmStore} that times its point operations into Micrometer timers and passes every
 * call to the store it wraps: {@code get} and {@code getOrIncomplete} (every point read ends
 * there; both as {@code op=get}), {@code write} (puts,
 * deletes, range deletes and batches) and {@code writeAsync} (until its future completes). A
 * timer sample is two {@code nanoTime} calls and an adder, so only these cheap, frequent calls are
 * timed; cursors, flushes and compactions are not (the listener times the background work).
 * Thread-safe as the wrapped store is.
 */
final class TimedStore implements LsmStore {
    private final LsmStore store;
    private final Timer gets;
    private final Timer writes;
    private final Timer asyncWrites;

    TimedStore(LsmStore store, Timer gets, Timer writes, Timer asyncWrites) {
        this.store = store;
        this.gets = gets;
        this.writes = writes;
        this.asyncWrites = asyncWrites;
    }

    @Override
    public byte[] get(byte[] key, ReadOptions options) {
        long start = System.nanoTime();
        try {
            return store.get(key, options);
        } finally {
            gets.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** Passes straight to the wrapped store, whose own path does not throw or allocate on a miss. */
    @Override
    public byte[] getOrIncomplete(byte[] key, ReadOptions options, byte[] incomplete) {
        long start = System.nanoTime();
        try {
            return store.getOrIncomplete(key, options, incomplete);
        } finally {
            gets.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void write(WriteBatch batch, WriteOptions options) {
        long start = System.nanoTime();
        try {
            store.write(batch, options);
        } finally {
            writes.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public CompletableFuture<Void> writeAsync(WriteBatch batch, WriteOptions options) {
        long start = System.nanoTime();
        return store.writeAsync(batch, options).whenComplete((ignored, error) ->
                asyncWrites.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }

    @Override
    public byte[] get(ColumnFamily family, byte[] key, ReadOptions options) {
        long start = System.nanoTime();
        try {
            return store.get(family, key, options);
        } finally {
            gets.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public ColumnFamily createColumnFamily(String name, ColumnFamilyOptions options) {
        return store.createColumnFamily(name, options);
    }

    @Override
    public ColumnFamily columnFamily(String name) {
        return store.columnFamily(name);
    }

    @Override
    public List<ColumnFamily> columnFamilies() {
        return store.columnFamilies();
    }

    @Override
    public void dropColumnFamily(ColumnFamily family) {
        store.dropColumnFamily(family);
    }

    @Override
    public void setOptions(ColumnFamily family, ColumnFamilyOptions options) {
        store.setOptions(family, options);
    }

    @Override
    public Cursor newCursor(ColumnFamily family, ReadOptions options) {
        return store.newCursor(family, options);
    }

    @Override
    public void flush(ColumnFamily family) {
        store.flush(family);
    }

    @Override
    public void compactRange(ColumnFamily family, byte[] from, byte[] to) {
        store.compactRange(family, from, to);
    }

    @Override
    public StoreStats stats(ColumnFamily family) {
        return store.stats(family);
    }

    @Override
    public Snapshot snapshot() {
        return store.snapshot();
    }

    @Override
    public Cursor newCursor(ReadOptions options) {
        return store.newCursor(options);
    }

    @Override
    public List<Version> history(byte[] key) {
        return store.history(key);
    }

    @Override
    public List<Version> history(byte[] from, byte[] to) {
        return store.history(from, to);
    }

    @Override
    public Stream<Version> historyStream(byte[] from, byte[] to) {
        return store.historyStream(from, to);
    }

    @Override
    public List<Version> historyOf(ColumnFamily family, byte[] key) {
        return store.historyOf(family, key);
    }

    @Override
    public List<Version> history(ColumnFamily family, byte[] from, byte[] to) {
        return store.history(family, from, to);
    }

    @Override
    public Stream<Version> historyStream(ColumnFamily family, byte[] from, byte[] to) {
        return store.historyStream(family, from, to);
    }

    @Override
    public Transaction beginTransaction(TransactionOptions options) {
        return store.beginTransaction(options);
    }

    @Override
    public void flush() {
        store.flush();
    }

    @Override
    public void compactRange(byte[] from, byte[] to) {
        store.compactRange(from, to);
    }

    @Override
    public StoreStats stats() {
        return store.stats();
    }

    @Override
    public CompactionAdvice compactionAdvice(ColumnFamily family) {
        return store.compactionAdvice(family);
    }

    @Override
    public void resume() {
        store.resume();
    }

    @Override
    public void close() {
        store.close();
    }
}
