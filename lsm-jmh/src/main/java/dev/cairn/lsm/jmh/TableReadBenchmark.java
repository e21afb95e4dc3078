// Block seek and bloom probe on one cached table of 100 000 keys (TableFixture): a seek of the
// table iterator to a random key (index block, then the data block's restart points and entries),
// a point get through the table, and the bloom filter's answer for present and absent keys.
package dev.cairn.lsm.jmh;

import dev.cairn.lsm.internal.iterator.SliceIterator;
import dev.cairn.lsm.internal.key.InternalKey;
import dev.cairn.lsm.internal.sstable.TableReader;
import java.io.IOException;
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

/** Table read paths: block seek, table get, bloom probe. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TableReadBenchmark {
    private static final int KEYS = 100_000;

    private TableFixture table;
    private TableReader reader;
    private SliceIterator iterator;
    private byte[][] seekKeys;
    private byte[][] userKeys;
    private byte[][] missingKeys;
    private int at;

    /** Writes and caches the table, and builds the probe keys. */
    @Setup
    public void setUp() throws IOException {
        table = new TableFixture(KEYS);
        reader = table.reader();
        iterator = reader.newIterator(true);
        long[] probes = Keys.probes(KEYS, 25);
        seekKeys = new byte[Keys.PROBES][];
        userKeys = new byte[Keys.PROBES][];
        missingKeys = new byte[Keys.PROBES][];
        for (int i = 0; i < Keys.PROBES; i++) {
            userKeys[i] = Keys.key(probes[i]);
            seekKeys[i] = InternalKey.seekKey(userKeys[i], InternalKey.MAX_SEQUENCE);
            missingKeys[i] = Keys.missingKey(probes[i]);
        }
    }

    /** Closes the table and removes its file. */
    @TearDown
    public void tearDown() throws IOException {
        iterator.close();
        table.close();
    }

    private int next() {
        at = (at + 1) & (Keys.PROBES - 1);
        return at;
    }

    /** @return the key found: a seek of the table iterator (index, then data block) to a random present key */
    @Benchmark
    public byte[] blockSeek() {
        iterator.seek(seekKeys[next()]);
        return iterator.key();
    }

    /** @return the entry: a point get of a random present key through the table (filter, index, block) */
    @Benchmark
    public Object tableGet() {
        return reader.get(userKeys[next()], InternalKey.MAX_SEQUENCE, true);
    }

    /** @return the filter's answer for a random present key (always true) */
    @Benchmark
    public boolean bloomProbePresent() {
        return reader.mayContain(userKeys[next()]);
    }

    /** @return the filter's answer for a random absent key (false but for about 1 % false positives) */
    @Benchmark
    public boolean bloomProbeAbsent() {
        return reader.mayContain(missingKeys[next()]);
    }
}
