// Bytes allocated on the Java heap by chosen threads, read from HotSpot's per-thread
// allocation counters (com.sun.management.ThreadMXBean). A counter covers a thread's whole
// life, so a phase's figure is the difference of two readings of the same threads.
// Stateless and thread-safe; returns -1 where the JVM does not count.
package dev.cairn.bench.run;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.function.Predicate;

/** Reads per-thread allocation counters. */
public final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean THREADS = bean();

    private AllocationMeter() {
    }

    /** @return bytes the calling thread has allocated so far, or -1 when the JVM does not count them */
    public static long currentThread() {
        return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
    }

    /**
     * Reads the counters of every live thread that {@code which} accepts, so a later reading
     * can be subtracted from an earlier one thread by thread.
     *
     * @param which the threads to read
     * @return thread id to bytes allocated so far (empty when the JVM does not count)
     */
    public static Map<Long, Long> threads(Predicate<Thread> which) {
        if (THREADS == null) {
            return Map.of();
        }
        Map<Long, Long> bytes = new java.util.HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (which.test(t)) {
                long b = THREADS.getThreadAllocatedBytes(t.getId());
                if (b >= 0) {
                    bytes.put(t.getId(), b);
                }
            }
        }
        return bytes;
    }

    /**
     * @param before a reading by {@link #threads}
     * @param after a later reading of the same predicate
     * @return bytes allocated in between by the threads of {@code after} (a thread that started
     *     in between counts from zero; one that ended in between is lost), or -1 when the JVM
     *     does not count
     */
    public static long between(Map<Long, Long> before, Map<Long, Long> after) {
        if (THREADS == null) {
            return -1;
        }
        long sum = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }

    private static com.sun.management.ThreadMXBean bean() {
        try {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean b
                    && b.isThreadAllocatedMemorySupported()) {
                b.setThreadAllocatedMemoryEnabled(true);
                return b;
            }
        } catch (UnsupportedOperationException | LinkageError e) {
            // not HotSpot: no allocation figures
        }
        return null;
    }
}
