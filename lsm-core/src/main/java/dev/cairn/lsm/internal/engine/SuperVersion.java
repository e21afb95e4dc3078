// What a reader needs, captured together: the memtables and the current version, reference-counted
// so readers never lock, and counted in stripes so that readers on different cores never write
// the same cache line. Immutable apart from its atomic counts; thread-safe.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.version.Version;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What a reader needs, captured together: the active memtable, the immutable memtables waiting
 * to be flushed (newest first) and the current version. The engine replaces it (under its lock)
 * whenever one of them changes; readers take a reference without locking and drop it when done.
 * The engine holds one reference while it is current and gives it up with {@link #retire()}; the
 * last release after that drops the version.
 *
 * <p>Readers' references are counted in {@value #STRIPES} stripes, each on a cache line of its
 * own, a thread counting in the stripe its id picks. A single shared count made every read
 * write one cache line twice (take and drop): with two reader threads on two cores the line
 * moved between the cores on every read, and point reads stopped scaling (RocksDB keeps a
 * thread-local super version for the same reason). A reference may be dropped on another thread
 * than took it: only the sum over the stripes means anything.
 *
 * <p>Why a zero sum means no reader holds a reference: a reader increments its stripe and then
 * reads {@link #retired}; the engine sets {@code retired} and then sums the stripes (all volatile
 * accesses, so one total order). A reader that missed {@code retired} incremented before the
 * engine's sum read its stripe, so the sum counts it; a reader that saw it backs out (its
 * reference fails). Every release after retirement sums again, so the release that comes last
 * sees zero and drops the version, exactly once ({@link #dropped}).
 */
final class SuperVersion {
    /** Stripes of the reference count (a power of two). */
    static final int STRIPES = 16;
    /** Longs between two stripes: 128 bytes, two cache lines, so neighbours never share one. */
    private static final int SPACING = 16;
    final MemTable mem;
    final List<MemTable> imms;
    final Version version;
    /** Readers' references, one count per stripe at index {@code stripe * SPACING}. */
    private final AtomicLongArray counts = new AtomicLongArray(STRIPES * SPACING);
    /** Set once when the engine gives up its reference: from then on references fail. */
    private volatile boolean retired;
    /** Set once by whoever drops the version. */
    private final AtomicBoolean dropped = new AtomicBoolean();

    /** @param version a version whose reference passes to this object */
    SuperVersion(MemTable mem, List<MemTable> imms, Version version) {
        this.mem = mem;
        this.imms = List.copyOf(imms);
        this.version = version;
    }

    /** @return whether a reference was taken: false once the engine retired this view (take the new one) */
    boolean tryRef() {
        int at = stripe();
        counts.getAndIncrement(at);
        if (!retired) {
            return true;
        }
        release(at);
        return false;
    }

    /** Drops a reference {@link #tryRef} took. */
    void unref() {
        release(stripe());
    }

    /** The engine gives up its own reference (once, when it publishes another view or closes). */
    void retire() {
        retired = true;
        dropIfUnused();
    }

    private void release(int at) {
        counts.getAndDecrement(at);
        if (retired) {
            dropIfUnused();
        }
    }

    private void dropIfUnused() {
        long sum = 0;
        for (int i = 0; i < STRIPES; i++) {
            sum += counts.get(i * SPACING);
        }
        if (sum == 0 && dropped.compareAndSet(false, true)) {
            version.unref();
        }
    }

    /** @return the calling thread's stripe's index in {@link #counts} */
    private static int stripe() {
        long id = Thread.currentThread().getId();
        return (int) ((id ^ (id >>> 4)) & (STRIPES - 1)) * SPACING;
    }
}
