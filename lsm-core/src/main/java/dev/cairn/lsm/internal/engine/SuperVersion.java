// What a reader needs, captured together: the memtables and the current version, reference-counted
// so readers never lock. Immutable apart from its atomic count; thread-safe.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.internal.memtable.MemTable;
import dev.cairn.lsm.internal.version.Version;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a reader needs, captured together: the active memtable, the immutable memtables waiting
 * to be flushed (newest first) and the current version. The engine replaces it (under its lock)
 * whenever one of them changes; readers take a reference without locking and drop it when done.
 * The engine holds one reference while it is current; the last release drops the version.
 */
final class SuperVersion {
    final MemTable mem;
    final List<MemTable> imms;
    final Version version;
    private final AtomicInteger refs = new AtomicInteger(1);

    /** @param version a version whose reference passes to this object */
    SuperVersion(MemTable mem, List<MemTable> imms, Version version) {
        this.mem = mem;
        this.imms = List.copyOf(imms);
        this.version = version;
    }

    boolean tryRef() {
        while (true) {
            int n = refs.get();
            if (n <= 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void unref() {
        if (refs.decrementAndGet() == 0) {
            version.unref();
        }
    }
}
