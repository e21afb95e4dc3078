// An in-memory LsmStore for specs of the Kotlin layer that must control background jobs
// exactly (a compaction that runs until cancelled). It holds one file handle open on the given
// file system while open, and one per cursor, so FakeFileSystem.checkNoOpenFiles() sees leaks.
// Thread-safe through one lock.
package dev.cairn.lsm.coroutines.testing

import dev.cairn.lsm.BackgroundScheduler
import dev.cairn.lsm.Cursor
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.Snapshot
import dev.cairn.lsm.StoreClosedException
import dev.cairn.lsm.StoreLockedException
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.StoreStats
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.WriteOptions
import dev.cairn.lsm.internal.engine.BatchEncoding
import dev.cairn.lsm.internal.batch.BatchFormat
import java.util.TreeMap
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CountDownLatch
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import okio.FileHandle
import okio.Path

class MemoryLsmStore private constructor(private val dir: Path, private val options: StoreOptions) : LsmStore {
    private val lock = Any()
    private val data = TreeMap<ByteArray, ByteArray>(java.util.Arrays::compareUnsigned)
    private var sequence = 0L
    private val closed = AtomicBoolean(false)
    private val handle: FileHandle
    private val runningJobs = AtomicInteger()
    private val cursorIds = AtomicInteger()
    private val jobsDone = Any()

    /** Blocks of the endless compaction started by [startEndlessCompaction] so far. */
    val compactionBlocks = AtomicInteger()

    /** Released once the endless compaction has done its first block. */
    val compactionStarted = CountDownLatch(1)

    init {
        options.fileSystem().createDirectories(dir)
        if (!locked.add(dir)) throw StoreLockedException("$dir is already open")
        handle = options.fileSystem().openReadWrite(dir / "DATA")
    }

    private fun checkOpen() {
        if (closed.get()) throw StoreClosedException("memory store $dir is closed")
    }

    private fun apply(batch: WriteBatch) {
        val rep = BatchEncoding.of(batch).encode(0, 0)
        synchronized(lock) {
            checkOpen()
            BatchFormat.iterate(rep, rep.size, object : BatchFormat.Handler {
                override fun put(key: ByteArray, value: ByteArray, seq: Long) {
                    data[key] = value
                }

                override fun delete(key: ByteArray, seq: Long) {
                    data.remove(key)
                }

                override fun deleteRange(from: ByteArray, to: ByteArray, seq: Long) {
                    data.subMap(from, to).clear()
                }
            })
            sequence++
        }
    }

    override fun write(batch: WriteBatch, options: WriteOptions) = apply(batch)

    override fun writeAsync(batch: WriteBatch, options: WriteOptions): CompletableFuture<Void> {
        checkOpen()
        val copy = BatchEncoding.of(batch).encode(0, 0)
        return CompletableFuture.runAsync {
            synchronized(lock) {
                checkOpen()
                BatchFormat.iterate(copy, copy.size, object : BatchFormat.Handler {
                    override fun put(key: ByteArray, value: ByteArray, seq: Long) { data[key] = value }
                    override fun delete(key: ByteArray, seq: Long) { data.remove(key) }
                    override fun deleteRange(from: ByteArray, to: ByteArray, seq: Long) { data.subMap(from, to).clear() }
                })
                sequence++
            }
        }
    }

    override fun get(key: ByteArray, options: ReadOptions): ByteArray? = synchronized(lock) {
        checkOpen()
        data[key]?.copyOf()
    }

    override fun snapshot(): Snapshot = throw UnsupportedOperationException("not needed by the Kotlin layer")

    override fun beginTransaction(options: dev.cairn.lsm.TransactionOptions): dev.cairn.lsm.Transaction =
        throw UnsupportedOperationException("not needed by the specs that use this store")

    override fun newCursor(options: ReadOptions): Cursor = synchronized(lock) {
        checkOpen()
        MemoryCursor(data.entries.map { it.key.copyOf() to it.value.copyOf() }, options())
    }

    private fun options() = options

    override fun flush() = checkOpen()

    override fun compactRange(from: ByteArray?, to: ByteArray?) = checkOpen()

    override fun stats(): StoreStats {
        checkOpen()
        return StoreStats(0, 0, emptyList(), 0, 0, 0, 0, 0, 0, 0, 0, 0, sequence, 0, 0, 0, 0, 0, 0, java.time.Duration.ZERO)
    }

    override fun resume() = checkOpen()

    /** This double keeps no tables and measures no workload, so it has nothing to advise from. */
    override fun compactionAdvice(family: dev.cairn.lsm.ColumnFamily): dev.cairn.lsm.CompactionAdvice =
        throw UnsupportedOperationException("MemoryLsmStore has no compaction to advise on")
    // Column families: the Kotlin layer uses the default family only, which is all this store has.
    private val defaultFamily = dev.cairn.lsm.ColumnFamily { dev.cairn.lsm.ColumnFamily.DEFAULT_NAME }
    private fun unsupported(): Nothing = throw UnsupportedOperationException("MemoryLsmStore has the default family only")
    override fun createColumnFamily(name: String, options: dev.cairn.lsm.ColumnFamilyOptions): dev.cairn.lsm.ColumnFamily = unsupported()
    override fun columnFamily(name: String): dev.cairn.lsm.ColumnFamily? = if (name == defaultFamily.name()) defaultFamily else null
    override fun columnFamilies(): List<dev.cairn.lsm.ColumnFamily> = listOf(defaultFamily)
    override fun dropColumnFamily(family: dev.cairn.lsm.ColumnFamily) = unsupported()
    override fun setOptions(family: dev.cairn.lsm.ColumnFamily, options: dev.cairn.lsm.ColumnFamilyOptions) = unsupported()
    override fun get(family: dev.cairn.lsm.ColumnFamily, key: ByteArray, options: ReadOptions): ByteArray? =
        if (family === defaultFamily) get(key, options) else unsupported()
    override fun newCursor(family: dev.cairn.lsm.ColumnFamily, options: ReadOptions): Cursor =
        if (family === defaultFamily) newCursor(options) else unsupported()
    override fun flush(family: dev.cairn.lsm.ColumnFamily) = flush()
    override fun compactRange(family: dev.cairn.lsm.ColumnFamily, from: ByteArray?, to: ByteArray?) = compactRange(from, to)
    override fun stats(family: dev.cairn.lsm.ColumnFamily): StoreStats = stats()

    /** Schedules a compaction that works block after block until it is cancelled. */
    fun startEndlessCompaction() {
        val cancelled = AtomicBoolean(false)
        runningJobs.incrementAndGet()
        options.scheduler().execute(object : BackgroundScheduler.Job {
            override fun name() = "compaction"

            override fun run() {
                try {
                    val out = options.fileSystem().openReadWrite(dir / "compaction.tmp")
                    try {
                        while (!cancelled.get()) {
                            out.write(compactionBlocks.get() * 16L, ByteArray(16), 0, 16)
                            compactionBlocks.incrementAndGet()
                            compactionStarted.countDown()
                            Thread.yield() // stands for the work of one block
                        }
                    } finally {
                        out.close()
                        options.fileSystem().delete(dir / "compaction.tmp")
                    }
                } finally {
                    synchronized(jobsDone) {
                        runningJobs.decrementAndGet()
                        (jobsDone as Object).notifyAll()
                    }
                }
            }

            override fun cancel() = cancelled.set(true)
        })
    }

    override fun close() {
        if (!closed.compareAndSet(false, true)) return
        synchronized(jobsDone) {
            while (runningJobs.get() > 0) (jobsDone as Object).wait()
        }
        handle.close()
        options.scheduler()?.shutdown()
        locked.remove(dir)
    }

    private inner class MemoryCursor(private val entries: List<Pair<ByteArray, ByteArray>>, o: StoreOptions) : Cursor {
        private var index = -1
        private var open = true
        private val file = o.fileSystem().openReadWrite(dir / "cursor-${cursorIds.incrementAndGet()}")

        private fun check() {
            if (!open || closed.get()) throw StoreClosedException("cursor is closed")
        }

        override fun isValid(): Boolean { check(); return index in entries.indices }
        override fun seekToFirst() { check(); index = 0 }
        override fun seekToLast() { check(); index = entries.size - 1 }
        override fun seek(target: ByteArray) {
            check()
            index = entries.indexOfFirst { java.util.Arrays.compareUnsigned(it.first, target) >= 0 }
                .let { if (it < 0) entries.size else it }
        }
        override fun seekForPrev(target: ByteArray) {
            check()
            index = entries.indexOfLast { java.util.Arrays.compareUnsigned(it.first, target) <= 0 }
        }
        override fun next() { check(); index++ }
        override fun prev() { check(); index-- }
        override fun key(): ByteArray { check(); return entries[index].first.copyOf() }
        override fun value(): ByteArray { check(); return entries[index].second.copyOf() }
        override fun close() {
            if (open) {
                open = false
                file.close()
            }
        }
    }

    companion object {
        private val locked: MutableSet<Path> = ConcurrentHashMap.newKeySet()

        /** Opens a memory store; same contract as LsmStore.open for the lock. */
        fun open(dir: Path, options: StoreOptions): MemoryLsmStore = MemoryLsmStore(dir, options)
    }
}
