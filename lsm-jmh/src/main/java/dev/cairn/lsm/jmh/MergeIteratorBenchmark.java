// The merging iterator's next(): four memtables of 25 000 interleaved keys each (key i in
// memtable i mod 4), merged, stepped one entry per call; at the end it starts over.
package dev.cairn.lsm.jmh;

import dev.cairn.lsm.internal.iterator.InternalIterator;
import dev.cairn.lsm.internal.iterator.MergingIterator;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.StoredValue;
import dev.cairn.lsm.internal.key.ValueKind;
import dev.cairn.lsm.internal.memtable.MemTable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** MergingIterator.next over four sources. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MergeIteratorBenchmark {
    private static final int SOURCES = 4;
    private static final int KEYS = 100_000;

    private MergingIterator merged;

    /** Fills the four memtables and positions the merged iterator at the first key. */
    @Setup
    public void setUp() {
        List<MemTable> tables = new ArrayList<>();
        for (int s = 0; s < SOURCES; s++) {
            tables.add(new MemTable(s + 1));
        }
        byte[] stored = StoredValue.encode(0, Keys.value(3));
        for (int i = 0; i < KEYS; i++) {
            tables.get(i % SOURCES).add(InternalKey.encode(Keys.key(i), i + 1L, ValueKind.PUT), stored, 0);
        }
        List<InternalIterator> children = new ArrayList<>();
        tables.forEach(t -> children.add(t.iterator()));
        merged = new MergingIterator(children);
        merged.seekToFirst();
    }

    /** Closes the iterator. */
    @TearDown
    public void tearDown() {
        merged.close();
    }

    /** @return the key stepped to: one next() of the merge (a restart at the end is rare and counted in) */
    @Benchmark
    public byte[] next() {
        merged.next();
        if (!merged.isValid()) {
            merged.seekToFirst();
        }
        return merged.key();
    }
}
