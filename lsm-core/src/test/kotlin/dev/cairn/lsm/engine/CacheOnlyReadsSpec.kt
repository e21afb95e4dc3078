// Specification of memory-only reads (ReadTier.MEMORY_ONLY): a point read answers from memtables
// and the block cache exactly as get would, and otherwise reports that I/O is needed without
// reading a table file (getOrIncomplete returns the caller's marker, get throws
// IncompleteReadException); a memory-only cursor reads what an ordinary cursor reads, or throws
// IncompleteReadException where it would have to read a file. A block the file reports resident in
// memory (a mapped table's pages in the page cache) counts as memory: both read it, and cache it.
package dev.cairn.lsm.engine

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.Cursor
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.IncompleteReadException
import dev.cairn.lsm.ReadTier
import dev.cairn.lsm.internal.io.PositionalRead
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import okio.FileHandle
import okio.FileSystem
import okio.ForwardingFileSystem
import okio.Path
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.util.concurrent.atomic.AtomicInteger
import kotlin.random.Random

/**
 * Counts the reads of table files through the handles it opens, whose positional reads report
 * every range resident in memory while [resident] is set.
 */
private class TableReadCounter(delegate: FileSystem) : ForwardingFileSystem(delegate) {
    val tableReads = AtomicInteger()
    @Volatile var resident = false

    override fun openReadOnly(file: Path): FileHandle {
        val inner = super.openReadOnly(file)
        if (!file.name.endsWith(".sst")) return inner
        return object : FileHandle(false), PositionalRead {
            override fun readAt(fileOffset: Long, array: ByteArray, arrayOffset: Int, byteCount: Int): Int =
                protectedRead(fileOffset, array, arrayOffset, byteCount)
            override fun isResident(fileOffset: Long, byteCount: Int) = resident
            override fun protectedRead(fileOffset: Long, array: ByteArray, arrayOffset: Int, byteCount: Int): Int {
                tableReads.incrementAndGet()
                return inner.read(fileOffset, array, arrayOffset, byteCount)
            }
            override fun protectedWrite(fileOffset: Long, array: ByteArray, arrayOffset: Int, byteCount: Int) =
                throw UnsupportedOperationException()
            override fun protectedFlush() = Unit
            override fun protectedResize(size: Long) = throw UnsupportedOperationException()
            override fun protectedSize() = inner.size()
            override fun protectedClose() = inner.close()
        }
    }
}

/** The options of a memory-only read of the latest state. */
private val MEMORY: ReadOptions = ReadOptions.defaults().readTier(ReadTier.MEMORY_ONLY)

/** The marker a memory-only point read returns when the disk is needed. */
private val NEEDS_IO = ByteArray(0)

private fun memoryGet(db: LsmStore, key: ByteArray): ByteArray? = db.getOrIncomplete(key, MEMORY, NEEDS_IO)

class CacheOnlyReadsSpec : FunSpec({
    fun b(s: String) = s.toByteArray()
    val dir = "/db".toPath()
    fun options(fs: FileSystem, cacheBytes: Long = 8L shl 20) =
        StoreOptions.builder().fileSystem(fs).blockSize(256).blockCacheBytes(cacheBytes).build()

    /** A counting file system holding a store whose keys k0000.. (n of them, value i) are in one table. */
    fun flushedKeys(n: Int): TableReadCounter {
        val fs = TableReadCounter(FakeFileSystem())
        LsmStore.open(dir, options(fs)).use { db ->
            for (i in 0 until n) db.put(b("k%04d".format(i)), ByteArray(40) { i.toByte() })
            db.flush()
        }
        return fs
    }

    /** A file system holding a store whose only key, k=v, is in a table. */
    fun oneFlushedKey(): FakeFileSystem {
        val fs = FakeFileSystem()
        LsmStore.open(dir, options(fs)).use { db ->
            db.put(b("k"), b("v"))
            db.flush()
        }
        return fs
    }

    test("a cache-only get answers from the memtable, including absent and deleted keys") {
        LsmStore.open(dir, options(FakeFileSystem())).use { db ->
            db.put(b("a"), b("1"))
            db.put(b("b"), b("2"))
            db.delete(b("b"))
            memoryGet(db, b("a"))!!.decodeToString() shouldBe "1"
            memoryGet(db, b("b")) shouldBe null
            memoryGet(db, b("zzz")) shouldBe null
        }
    }

    test("a cache-only get reports a miss that needs I/O instead of reading the file") {
        val fs = flushedKeys(200)
        LsmStore.open(dir, options(fs)).use { db ->
            db.get(b("k0000")) // opens the table and caches only the first data block
            val before = fs.tableReads.get()
            val missesBefore = db.stats().blockCacheMisses()
            memoryGet(db, b("k0199")) shouldBeSameInstanceAs NEEDS_IO
            fs.tableReads.get() shouldBe before
            // the read that follows counts the miss; the probe does not count it twice
            db.stats().blockCacheMisses() shouldBe missesBefore
            db.get(b("k0199"))!![0] shouldBe 199.toByte()
            val after = fs.tableReads.get()
            memoryGet(db, b("k0199"))!![0] shouldBe 199.toByte()
            fs.tableReads.get() shouldBe after
        }
    }

    test("a cache-only get of a table not yet opened needs I/O, and with no block cache table data always does") {
        val fs = oneFlushedKey()
        LsmStore.open(dir, options(fs)).use { db ->
            memoryGet(db, b("k")) shouldBeSameInstanceAs NEEDS_IO
        }
        LsmStore.open(dir, options(fs, cacheBytes = 0)).use { db ->
            db.get(b("k"))!!.decodeToString() shouldBe "v"
            memoryGet(db, b("k")) shouldBeSameInstanceAs NEEDS_IO
        }
    }

    test("whenever a cache-only get answers, it agrees with get (random writes, deletes, range deletes, flushes)") {
        for (seed in 1L..6L) {
            val random = Random(seed)
            LsmStore.open(dir, options(FakeFileSystem())).use { db ->
                repeat(1500) {
                    val k = b("k%03d".format(random.nextInt(300)))
                    when (random.nextInt(20)) {
                        0 -> db.delete(k)
                        1 -> db.deleteRange(k, b("k%03d".format(random.nextInt(300))).let { if (it.decodeToString() > k.decodeToString()) it else b("k999") })
                        2 -> db.flush()
                        3 -> db.get(k)
                        else -> db.put(k, ByteArray(1 + random.nextInt(60)) { random.nextInt().toByte() })
                    }
                }
                var answered = 0
                for (i in 0 until 300) {
                    val k = b("k%03d".format(i))
                    val cached = memoryGet(db, k)
                    if (cached === NEEDS_IO) continue
                    answered++
                    withClue("seed $seed, key k%03d".format(i)) {
                        (cached?.toList()) shouldBe db.get(k)?.toList()
                    }
                }
                withClue("seed $seed: some keys must be answered from memory") { (answered > 0) shouldBe true }
            }
        }
    }

    test("a memory-only get throws IncompleteReadException exactly where getOrIncomplete returns the marker") {
        val fs = flushedKeys(200)
        LsmStore.open(dir, options(fs)).use { db ->
            db.get(b("k0000")) // opens the table and caches only the first data block
            db.getOrIncomplete(b("k0199"), MEMORY, NEEDS_IO) shouldBeSameInstanceAs NEEDS_IO
            shouldThrow<IncompleteReadException> { db.get(b("k0199"), MEMORY) }
            db.get(b("k0000"), MEMORY)!![0] shouldBe 0.toByte()
            db.get(b("absent"), MEMORY) shouldBe null
            // A snapshot is honoured as by any read: a later write stays invisible to it.
            db.snapshot().use { snapshot ->
                db.put(b("k0000"), b("new"))
                db.get(b("k0000"), ReadOptions.at(snapshot).readTier(ReadTier.MEMORY_ONLY))!![0] shouldBe 0.toByte()
            }
            db.get(b("k0000"), MEMORY)!!.decodeToString() shouldBe "new"
        }
    }

    fun entries(c: Cursor, reverse: Boolean): List<String> {
        val out = mutableListOf<String>()
        if (reverse) c.seekToLast() else c.seekToFirst()
        while (c.isValid) {
            out += c.key().decodeToString() + "=" + c.value().toList()
            if (reverse) c.prev() else c.next()
        }
        return out
    }

    test("a cache-only cursor reads memtable data, both ways, without any table") {
        LsmStore.open(dir, options(FakeFileSystem())).use { db ->
            for (i in 0 until 50) db.put(b("k%03d".format(i)), b("v$i"))
            db.delete(b("k007"))
            for (reverse in listOf(false, true)) {
                val expected = db.newCursor().use { entries(it, reverse) }
                db.newCursor(MEMORY).use { entries(it, reverse) } shouldBe expected
            }
        }
    }

    test("a cache-only cursor throws IncompleteReadException rather than read a table file, and agrees with a cursor once the blocks are cached") {
        val fs = TableReadCounter(FakeFileSystem())
        LsmStore.open(dir, options(fs)).use { db ->
            for (i in 0 until 400) db.put(b("k%04d".format(i)), ByteArray(40) { i.toByte() })
            db.flush()
            for (i in 0 until 400 step 3) db.put(b("k%04d".format(i)), ByteArray(8) { 7 })
        }
        LsmStore.open(dir, options(fs)).use { db ->
            db.get(b("k0000")) // opens the tables and caches the first data blocks only
            val before = fs.tableReads.get()
            for (reverse in listOf(false, true)) {
                shouldThrow<IncompleteReadException> {
                    db.newCursor(MEMORY).use { entries(it, reverse) }
                }
            }
            fs.tableReads.get() shouldBe before
            for (reverse in listOf(false, true)) {
                val expected = db.newCursor().use { entries(it, reverse) }
                expected.size shouldBe 400
                val reads = fs.tableReads.get()
                db.newCursor(MEMORY).use { entries(it, reverse) } shouldBe expected
                fs.tableReads.get() shouldBe reads
            }
        }
    }

    test("right after a reopen, and with no block cache at all, a cache-only cursor over table data throws IncompleteReadException") {
        val fs = oneFlushedKey()
        for (cacheBytes in listOf(8L shl 20, 0L)) {
            LsmStore.open(dir, options(fs, cacheBytes)).use { db ->
                shouldThrow<IncompleteReadException> {
                    db.newCursor(MEMORY).use { entries(it, false) }
                }
                db.newCursor().use { entries(it, false) } shouldBe listOf("k=" + b("v").toList())
                if (cacheBytes == 0L) {
                    shouldThrow<IncompleteReadException> {
                        db.newCursor(MEMORY).use { entries(it, false) }
                    }
                }
            }
        }
    }

    test("a block the file reports resident in memory is read by a cache-only get and cursor, and cached") {
        val fs = flushedKeys(400)
        LsmStore.open(dir, options(fs)).use { db ->
            db.get(b("k0000")) // opens the table and caches the first data block only
            memoryGet(db, b("k0399")) shouldBeSameInstanceAs NEEDS_IO
            fs.resident = true
            val before = fs.tableReads.get()
            memoryGet(db, b("k0399"))!![0] shouldBe 399.toByte()
            (fs.tableReads.get() > before) shouldBe true
            fs.resident = false
            val read = fs.tableReads.get()
            memoryGet(db, b("k0399"))!![0] shouldBe 399.toByte() // now from the block cache
            memoryGet(db, b("k0250")) shouldBeSameInstanceAs NEEDS_IO
            fs.tableReads.get() shouldBe read
            fs.resident = true
            for (reverse in listOf(false, true)) {
                val expected = db.newCursor().use { entries(it, reverse) }
                db.newCursor(MEMORY).use { entries(it, reverse) } shouldBe expected
            }
            fs.resident = false
            val cached = fs.tableReads.get()
            // every block was read while resident, and cached: the cursor now needs no file at all
            db.newCursor(MEMORY).use { entries(it, false) }.size shouldBe 400
            fs.tableReads.get() shouldBe cached
        }
    }
})
