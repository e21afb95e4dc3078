// The memtable's write and read paths: an insert of a 16-byte key with a 100-byte value into a
// growing memtable (a fresh one every 500 000 inserts, so the skip list's height stays in the
// range a 64 MiB write buffer reaches), and a get of a random key from a memtable of 100 000.
package dev.cairn.lsm.jmh;

import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.key.StoredValue;
import dev.cairn.lsm.internal.key.ValueKind;
import dev.cairn.lsm.internal.memtable.MemTable;
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
import org.openjdk.jmh.annotations.Warmup;

/** MemTable insert and get. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class MemTableBenchmark {
    private static final int KEYS = 100_000;
    private static final int INSERTS_PER_TABLE = 500_000;

    private MemTable filled;
    private MemTable growing;
    private byte[][] insertKeys;
    private byte[][] getKeys;
    private byte[] stored;
    private long sequence;
    private int inserted;
    private int at;

    /** Fills the memtable the gets read and prepares the insert keys. */
    @Setup
    public void setUp() {
        stored = StoredValue.encode(0, Keys.value(7));
        filled = new MemTable(1);
        for (int i = 0; i < KEYS; i++) {
            filled.add(InternalKey.encode(Keys.key(i), i + 1L, ValueKind.PUT), stored, 0);
        }
        long[] probes = Keys.probes(KEYS, 26);
        getKeys = new byte[Keys.PROBES][];
        insertKeys = new byte[Keys.PROBES][];
        long[] inserts = Keys.probes(1L << 40, 27);
        for (int i = 0; i < Keys.PROBES; i++) {
            getKeys[i] = Keys.key(probes[i]);
            insertKeys[i] = Keys.key(inserts[i]);
        }
        growing = new MemTable(2);
    }

    /** Inserts a random key (internal key built per call, as the write path does) into the growing memtable. */
    @Benchmark
    public void insert() {
        if (++inserted == INSERTS_PER_TABLE) {
            growing = new MemTable(2);
            inserted = 0;
        }
        at = (at + 1) & (Keys.PROBES - 1);
        growing.add(InternalKey.encode(insertKeys[at], ++sequence, ValueKind.PUT), stored, 0);
    }

    /** @return the entry of a random key of the filled memtable */
    @Benchmark
    public Object get() {
        at = (at + 1) & (Keys.PROBES - 1);
        return filled.get(getKeys[at], InternalKey.MAX_SEQUENCE);
    }
}
