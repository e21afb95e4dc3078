// Large values kept apart in the value log: written at flush, read back by gets, cursors (both
// ways), snapshots, merges and checkpoints, across compactions and reopens; garbage counted and
// reclaimed. Deterministic; each test says its seed where it draws random values.
package dev.cairn.lsm.vlog

import dev.cairn.lsm.Backups
import dev.cairn.lsm.Encryption
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.MergeOperators
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.engine.JobCounter
import dev.cairn.lsm.engine.SynchronizedFileSystem
import dev.cairn.lsm.engine.awaitSettled
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlin.random.Random
import okio.FileSystem
import okio.Path
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

internal const val THRESHOLD = 1024

internal fun bigValue(i: Int, round: Int, size: Int = 3000): ByteArray {
    val rnd = Random(i * 31L + round)
    return ByteArray(size) { (rnd.nextInt(26) + 'a'.code).toByte() }
}

internal fun key(i: Int) = "key%04d".format(i).toByteArray()

internal fun blobFiles(fs: FileSystem, dir: Path): List<Path> = fs.list(dir).filter { it.name.endsWith(".blob") }

private fun options(fs: FileSystem, threshold: Int = THRESHOLD) = StoreOptions.builder().fileSystem(fs)
    .memtableSizeBytes(1 shl 20).valueSeparationThreshold(threshold).build()

class ValueSeparationSpec : FunSpec({
    val dir = "/db".toPath()

    test("values at least the threshold live in blob files and read back after flush, compaction and reopen") {
        val fs = SynchronizedFileSystem(FakeFileSystem())
        val expected = sortedMapOf<String, ByteArray>()
        LsmStore.open(dir, options(fs)).use { db ->
            for (i in 0 until 60) {
                val v = if (i % 2 == 0) bigValue(i, 0) else "small-$i".toByteArray()
                db.put(key(i), v)
                expected[String(key(i))] = v
            }
            db.put(key(1000), ByteArray(THRESHOLD) { 7 }) // exactly the threshold: separated
            expected[String(key(1000))] = ByteArray(THRESHOLD) { 7 }
            db.put(key(1001), ByteArray(THRESHOLD - 1) { 8 }) // one byte less: stays in the table
            expected[String(key(1001))] = ByteArray(THRESHOLD - 1) { 8 }
            db.flush()
            val st = db.stats()
            st.blobFileCount() shouldBe 1
            st.blobBytes() shouldBeGreaterThan 30L * 3000
            blobFiles(fs, dir).size shouldBe 1
            // The table holds pointers, not the values.
            st.tableBytes() shouldBeGreaterThan 0L
            (st.tableBytes() < 20_000L) shouldBe true
            checkAll(db, expected)
            db.compactRange(null, null)
            checkAll(db, expected)
        }
        LsmStore.open(dir, options(fs)).use { db -> checkAll(db, expected) }
        // Separation off: the values already kept apart still read back.
        LsmStore.open(dir, options(fs, 0)).use { db ->
            checkAll(db, expected)
            db.put(key(2000), bigValue(2000, 0))
            db.flush()
            db.stats().blobFileCount() shouldBe 1
            db.get(key(2000))!!.toList() shouldBe bigValue(2000, 0).toList()
        }
    }

    test("snapshots and merges read separated values") {
        val fs = SynchronizedFileSystem(FakeFileSystem())
        val opts = options(fs).toBuilder().mergeOperator(MergeOperators.stringAppend(",")).build()
        LsmStore.open(dir, opts).use { db ->
            val base = "b".repeat(2000)
            db.put(key(1), base.toByteArray())
            db.flush()
            val snap = db.snapshot()
            db.merge(key(1), "x".toByteArray())
            db.put(key(2), "c".repeat(1500).toByteArray())
            db.flush()
            db.get(key(1))!!.decodeToString() shouldBe "$base,x"
            db.get(key(1), ReadOptions.at(snap))!!.decodeToString() shouldBe base
            db.compactRange(null, null)
            db.get(key(1))!!.decodeToString() shouldBe "$base,x"
            db.get(key(1), ReadOptions.at(snap))!!.decodeToString() shouldBe base
            snap.close()
            db.compactRange(null, null)
            db.get(key(1))!!.decodeToString() shouldBe "$base,x"
            db.get(key(2))!!.decodeToString() shouldBe "c".repeat(1500)
        }
    }

    test("overwritten values become garbage; collection moves the live ones and deletes blob files that are all garbage") {
        val fs = SynchronizedFileSystem(FakeFileSystem())
        val expected = sortedMapOf<String, ByteArray>()
        val jobs = JobCounter()
        LsmStore.open(dir, options(fs).toBuilder().listener(jobs).build()).use { db ->
            for (i in 0 until 10) {
                db.put(key(i), bigValue(i, 0)); expected[String(key(i))] = bigValue(i, 0)
            }
            db.flush()
            val first = blobFiles(fs, dir).single()
            // Overwrite six of ten: once a compaction has counted them, 60% of the first file is garbage.
            for (i in 0 until 6) {
                db.put(key(i), bigValue(i, 1)); expected[String(key(i))] = bigValue(i, 1)
            }
            db.flush()
            db.compactRange(null, null)
            // The background's blob collection (chosen only once the garbage is counted) then moves
            // the four live values out of the first file, which goes, without another write.
            awaitSettled(db, jobs)
            jobs.compactions.filter { it.reason() == "blob collection" }.shouldNotBeEmpty()
            val deadline = System.currentTimeMillis() + 60_000
            while (fs.exists(first)) {
                check(System.currentTimeMillis() < deadline) { "the collected blob file was never deleted" }
                Thread.sleep(5)
            }
            db.stats().blobGarbageBytes() shouldBe 0L
            checkAll(db, expected)
            // A manual compaction finds nothing more to collect.
            db.compactRange(null, null)
            db.stats().blobGarbageBytes() shouldBe 0L
            checkAll(db, expected)
            // Deleting everything leaves no blob file behind.
            for (i in 0 until 10) {
                db.delete(key(i)); expected.remove(String(key(i)))
            }
            db.flush()
            db.compactRange(null, null)
            db.stats().blobFileCount() shouldBe 0
            blobFiles(fs, dir).shouldBeEmpty()
            checkAll(db, expected)
        }
        LsmStore.open(dir, options(fs)).use { db -> checkAll(db, expected) }
    }

    test("a checkpoint carries the blob files and opens with every value") {
        val fs = SynchronizedFileSystem(FakeFileSystem())
        val expected = sortedMapOf<String, ByteArray>()
        LsmStore.open(dir, options(fs)).use { db ->
            for (i in 0 until 20) {
                db.put(key(i), bigValue(i, 0)); expected[String(key(i))] = bigValue(i, 0)
            }
            db.flush()
            db.put(key(99), bigValue(99, 0)); expected[String(key(99))] = bigValue(99, 0) // still in the memtable
            db.checkpoint("/cp".toPath())
        }
        blobFiles(fs, "/cp".toPath()).shouldNotBeEmpty()
        LsmStore.open("/cp".toPath(), options(fs)).use { db -> checkAll(db, expected) }
    }

    test("a read-only store, a transaction and a backup restore read separated values") {
        val fs = SynchronizedFileSystem(FakeFileSystem())
        val expected = sortedMapOf<String, ByteArray>()
        LsmStore.open(dir, options(fs)).use { db ->
            for (i in 0 until 12) {
                db.put(key(i), bigValue(i, 0)); expected[String(key(i))] = bigValue(i, 0)
            }
            db.flush()
            db.beginTransaction(dev.cairn.lsm.TransactionOptions.defaults()).use { t ->
                t.get(key(3))!!.toList() shouldBe bigValue(3, 0).toList()
                t.put(key(3), bigValue(3, 1))
                t.commit()
            }
            expected[String(key(3))] = bigValue(3, 1)
            db.flush()
            Backups.open("/backups".toPath(), fs).use { b ->
                val id = b.create(db).id
                b.restore(id, "/restored".toPath())
            }
        }
        LsmStore.openReadOnly(dir, options(fs)).use { db -> checkAll(db, expected) }
        LsmStore.open("/restored".toPath(), options(fs)).use { db -> checkAll(db, expected) }
    }

    test("an encrypted store seals its blob files") {
        val fs = SynchronizedFileSystem(FakeFileSystem())
        val key = ByteArray(32) { it.toByte() }
        val opts = options(fs).toBuilder().encryption(Encryption.aesGcm(key)).build()
        val v = "secret-value-".repeat(200).toByteArray()
        LsmStore.open(dir, opts).use { db ->
            db.put(key(1), v)
            db.flush()
        }
        val blob = blobFiles(fs, dir).single()
        val bytes = fs.read(blob) { readByteArray() }
        String(bytes, Charsets.ISO_8859_1) shouldNotContainText "secret-value-"
        LsmStore.open(dir, opts).use { db -> db.get(key(1))!!.toList() shouldBe v.toList() }
        val e = shouldThrow<dev.cairn.lsm.LsmException> {
            LsmStore.open(dir, options(fs)).use { it.get(key(1)) }
        }
        e.message!! shouldContain "encrypt"
    }

    test("a negative threshold is refused naming the option") {
        val e = shouldThrow<IllegalArgumentException> { StoreOptions.builder().valueSeparationThreshold(-1) }
        e.message!! shouldContain "valueSeparationThreshold"
    }
})

private infix fun String.shouldNotContainText(s: String) = withClue("must not contain $s") { contains(s) shouldBe false }

/** Every key by get, then a forward and a backward scan, against {@code expected}. */
internal fun checkAll(db: LsmStore, expected: Map<String, ByteArray>) {
    for ((k, v) in expected) {
        withClue("get $k") { db.get(k.toByteArray())?.toList() shouldBe v.toList() }
    }
    val forward = ArrayList<Pair<String, List<Byte>>>()
    db.newCursor().use { c ->
        c.seekToFirst()
        while (c.isValid()) {
            forward += String(c.key()) to c.value().toList(); c.next()
        }
        val backward = ArrayList<Pair<String, List<Byte>>>()
        c.seekToLast()
        while (c.isValid()) {
            backward += String(c.key()) to c.value().toList(); c.prev()
        }
        backward.reversed() shouldBe forward
    }
    forward shouldBe expected.entries.sortedBy { it.key }.map { it.key to it.value.toList() }
}
