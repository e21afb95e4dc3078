// The Kotlin face's order-preserving key encoding (dev.cairn.lsm.coroutines.OrderedKeyFormat),
// called as TypedMap calls it: encode and decode of a (String, Long) pair key and of a Long key,
// with kotlinx.serialization's built-in serializers.
package dev.cairn.lsm.jmh;

import dev.cairn.lsm.coroutines.OrderedKeyFormat;
import java.util.concurrent.TimeUnit;
import kotlin.Pair;
import kotlin.jvm.internal.LongCompanionObject;
import kotlin.jvm.internal.StringCompanionObject;
import kotlinx.serialization.KSerializer;
import kotlinx.serialization.builtins.BuiltinSerializersKt;
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

/** OrderedKeyFormat encode and decode. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KeyCodecBenchmark {
    private static final KSerializer<Long> LONG = BuiltinSerializersKt.serializer(LongCompanionObject.INSTANCE);
    private static final KSerializer<String> STRING = BuiltinSerializersKt.serializer(StringCompanionObject.INSTANCE);
    private static final KSerializer<Pair<String, Long>> PAIR = BuiltinSerializersKt.PairSerializer(STRING, LONG);

    private final OrderedKeyFormat format = OrderedKeyFormat.Default;
    private Pair<String, Long> pairKey;
    private byte[] pairBytes;
    private long longKey;
    private byte[] longBytes;

    /** Prepares the keys and their encodings. */
    @Setup
    public void setUp() {
        pairKey = new Pair<>("user/settings/window", 1_234_567L);
        pairBytes = format.encodeToByteArray(PAIR, pairKey);
        longKey = -42_000_000_000L;
        longBytes = format.encodeToByteArray(LONG, longKey);
    }

    /** @return the encoding of a (String, Long) key */
    @Benchmark
    public byte[] encodePair() {
        return format.encodeToByteArray(PAIR, pairKey);
    }

    /** @return the (String, Long) key decoded */
    @Benchmark
    public Pair<String, Long> decodePair() {
        return format.decodeFromByteArray(PAIR, pairBytes);
    }

    /** @return the encoding of a Long key */
    @Benchmark
    public byte[] encodeLong() {
        return format.encodeToByteArray(LONG, longKey);
    }

    /** @return the Long key decoded */
    @Benchmark
    public Long decodeLong() {
        return format.decodeFromByteArray(LONG, longBytes);
    }
}
