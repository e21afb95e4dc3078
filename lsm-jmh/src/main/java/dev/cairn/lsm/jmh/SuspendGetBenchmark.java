// A point get through the Kotlin face (dev.cairn.lsm.coroutines.Store.get, a suspend function)
// beside the same get through the Java API (LsmStore.get), on two stores holding the same
// 100 000 keys, flushed to a table and read from the block cache. The suspend call is made
// from Java with a reusable continuation: when the answer is in memory the function returns it
// without suspending (the fast path being measured); if it ever suspends, the call waits for the
// resumption, so a slow path is counted, not skipped.
package dev.cairn.lsm.jmh;

import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.StoreOptions;
import dev.cairn.lsm.coroutines.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kotlin.Unit;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.CoroutineContext;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlin.coroutines.intrinsics.IntrinsicsKt;
import kotlinx.coroutines.BuildersKt;
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

/** Kotlin suspend get against the Java get. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SuspendGetBenchmark {
    private static final int KEYS = 100_000;

    private Path root;
    private LsmStore javaStore;
    private Store kotlinStore;
    private byte[][] keys;
    private final Resumption resumption = new Resumption();
    private int at;

    /** Writes both stores through the Java API, flushes them, and opens one through the Kotlin face. */
    @Setup
    public void setUp() throws Exception {
        root = Files.createTempDirectory("lsm-jmh-get");
        for (String name : new String[] {"java", "kotlin"}) {
            try (LsmStore s = LsmStore.open(root.resolve(name), StoreOptions.builder().build())) {
                for (int i = 0; i < KEYS; i++) {
                    s.put(Keys.key(i), Keys.value(i));
                }
                s.flush();
            }
        }
        javaStore = LsmStore.open(root.resolve("java"), StoreOptions.builder().build());
        kotlinStore = BuildersKt.runBlocking(EmptyCoroutineContext.INSTANCE,
                (scope, cont) -> Store.Companion.open(root.resolve("kotlin"), null, config -> Unit.INSTANCE, cont));
        long[] probes = Keys.probes(KEYS, 28);
        keys = new byte[Keys.PROBES][];
        for (int i = 0; i < Keys.PROBES; i++) {
            keys[i] = Keys.key(probes[i]);
        }
        for (int i = 0; i < Keys.PROBES; i++) {
            javaGet();
            kotlinGet();
        }
    }

    /** Closes both stores and removes their files. */
    @TearDown
    public void tearDown() throws Exception {
        javaStore.close();
        BuildersKt.runBlocking(EmptyCoroutineContext.INSTANCE, (scope, cont) -> kotlinStore.close(cont));
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** @return the value of a random key through LsmStore.get */
    @Benchmark
    public byte[] javaGet() {
        at = (at + 1) & (Keys.PROBES - 1);
        return javaStore.get(keys[at]);
    }

    /** @return the value of a random key through the suspend Store.get */
    @Benchmark
    public Object kotlinGet() throws InterruptedException {
        at = (at + 1) & (Keys.PROBES - 1);
        Object r = kotlinStore.get(keys[at], resumption.reset());
        return r == IntrinsicsKt.getCOROUTINE_SUSPENDED() ? resumption.await() : r;
    }

    /**
     * A continuation a benchmark thread reuses for one call at a time: it keeps the result a
     * suspended call resumes with, and lets the caller wait for it.
     */
    static final class Resumption implements Continuation<Object> {
        private volatile boolean resumed;
        private Object result;

        /** @return this, ready for the next call */
        Resumption reset() {
            resumed = false;
            result = null;
            return this;
        }

        /** @return the result the call resumed with, once it has */
        Object await() throws InterruptedException {
            while (!resumed) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                Thread.onSpinWait();
            }
            return result;
        }

        @Override
        public CoroutineContext getContext() {
            return EmptyCoroutineContext.INSTANCE;
        }

        @Override
        public void resumeWith(Object value) {
            result = value;
            resumed = true;
        }
    }
}
