// The value log leaks no space: tables a TTL drops whole take the blob files they alone pointed
// into with them, under every strategy; a dropped column family's blob files leave the disk while
// the other families keep theirs across reopens; a blob file at least half garbage is collected by
// the background without further writes; checkpoints and backups of such stores copy no dead blob
// file and verify clean. Deterministic: a test clock, flushes and settles instead of sleeps.
package dev.cairn.lsm.vlog

import dev.cairn.lsm.Backups
import dev.cairn.lsm.ColumnFamilyOptions
import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.StoreStats
import dev.cairn.lsm.engine.JobCounter
import dev.cairn.lsm.engine.MutableClock
import dev.cairn.lsm.engine.SynchronizedFileSystem
import dev.cairn.lsm.engine.awaitSettled
import dev.cairn.lsm.internal.inspect.StoreVerifier
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.shouldBe
import okio.FileSystem
import okio.Path
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.time.Duration

private const val HOUR = 3_600_000L
private const val KIB4 = 4096

private fun blobBytesOnDisk(fs: FileSystem, dir: Path): Long = blobFiles(fs, dir).sumOf { fs.metadata(it).size!! }

/**
 * Polls the store's figures until [ok] holds: a blob file leaves the disk when the last reader of
 * its version lets go, which may be a release job running just after the compaction that freed it.
 */
private fun awaitStats(db: LsmStore, what: String, ok: (StoreStats) -> Boolean) {
    val deadline = System.currentTimeMillis() + 60_000
    while (!ok(db.stats())) {
        check(System.currentTimeMillis() < deadline) { "$what never held: ${db.stats()}" }
        Thread.sleep(5)
    }
}

private fun verifyClean(fs: FileSystem, dir: Path) {
    val report = StoreVerifier.verify(fs, dir, null)
    withClue("verify $dir: ${report.problems()}") { report.problems().shouldBeEmpty() }
}

class BlobSpaceSpec : FunSpec({
    val dir = "/db".toPath()

    for (strategy in listOf(CompactionStrategy.leveled(), CompactionStrategy.sizeTiered(),
        CompactionStrategy.timeWindow(Duration.ofHours(1)))) {
        test("${strategy.kind()}: tables a TTL drops whole take the blob files they pointed into with them") {
            val fake = FakeFileSystem()
            val fs = SynchronizedFileSystem(fake)
            val clock = MutableClock(1_000 * HOUR)
            val jobs = JobCounter()
            val options = StoreOptions.builder().fileSystem(fs).memtableSizeBytes(1 shl 20).compaction(strategy)
                .valueSeparationThreshold(1024).ttl(Duration.ofHours(2)).clock(clock).listener(jobs).build()
            LsmStore.open(dir, options).use { db ->
                for (i in 0 until 40) db.put(key(i), bigValue(i, 0, KIB4))
                db.flush()
                awaitSettled(db, jobs)
                db.stats().blobFileCount() shouldBe 1
                val written = db.stats().blobBytes()
                clock.advance(10 * HOUR)
                for (i in 100 until 110) db.put(key(i), bigValue(i, 1, KIB4))
                db.flush() // lets the picker look: the first table has expired
                awaitSettled(db, jobs)
                jobs.compactions.filter { it.reason() == "ttl expired" }.shouldNotBeEmpty()
                val st = db.stats()
                st.blobFileCount() shouldBe 1
                st.blobGarbageBytes() shouldBe 0L
                awaitStats(db, "the expired table's blob file reclaimed") { it.blobBytesReclaimed() > written }
                db.get(key(5)) shouldBe null
                for (i in 100 until 110) db.get(key(i))!!.toList() shouldBe bigValue(i, 1, KIB4).toList()
                db.checkpoint("/copy".toPath())
            }
            blobFiles(fake, dir).size shouldBe 1
            blobFiles(fake, "/copy".toPath()).size shouldBe 1
            verifyClean(fake, dir)
            verifyClean(fake, "/copy".toPath())
            LsmStore.open("/copy".toPath(), options).use { db ->
                for (i in 100 until 110) db.get(key(i))!!.toList() shouldBe bigValue(i, 1, KIB4).toList()
            }
            fake.checkNoOpenFiles()
        }
    }

    test("a dropped column family's blob files leave the disk; the other families keep theirs across reopens") {
        val fake = FakeFileSystem()
        val fs = SynchronizedFileSystem(fake)
        val options = StoreOptions.builder().fileSystem(fs).memtableSizeBytes(1 shl 20).valueSeparationThreshold(1024).build()
        LsmStore.open(dir, options).use { db ->
            val doomed = db.createColumnFamily("doomed", ColumnFamilyOptions.defaults())
            val kept = db.createColumnFamily("kept", ColumnFamilyOptions.defaults())
            for (i in 0 until 20) {
                db.put(doomed, key(i), bigValue(i, 2))
                db.put(kept, key(i), bigValue(i, 3))
                db.put(key(i), bigValue(i, 4))
            }
            db.flush(doomed)
            db.flush(kept)
            db.flush()
            db.stats(doomed).blobFileCount() shouldBe 1
            db.dropColumnFamily(doomed)
            awaitStats(db, "the dropped family's blob file reclaimed") { it.blobBytesReclaimed() > 20L * 3000 }
            Backups.open("/backups".toPath(), fs).use { b ->
                val id = b.create(db).id()
                b.verify(id)
                b.restore(id, "/restored".toPath())
            }
        }
        // The backup holds the two live families' blob files, not the dropped one's.
        blobFiles(fake, "/restored".toPath()).size shouldBe 2
        verifyClean(fake, "/restored".toPath())
        LsmStore.open("/restored".toPath(), options).use { db ->
            db.columnFamily("doomed") shouldBe null
            for (i in 0 until 20) db.get(db.columnFamily("kept")!!, key(i))!!.toList() shouldBe bigValue(i, 3).toList()
        }
        blobFiles(fake, dir).size shouldBe 2
        verifyClean(fake, dir)
        repeat(2) {
            LsmStore.open(dir, options).use { db ->
                val kept = db.columnFamily("kept")!!
                for (i in 0 until 20) {
                    db.get(kept, key(i))!!.toList() shouldBe bigValue(i, 3).toList()
                    db.get(key(i))!!.toList() shouldBe bigValue(i, 4).toList()
                }
                db.checkpoint("/copy$it".toPath())
            }
            blobFiles(fake, dir).size shouldBe 2
            blobFiles(fake, "/copy$it".toPath()).size shouldBe 2
            verifyClean(fake, "/copy$it".toPath())
        }
        fake.checkNoOpenFiles()
    }

    test("a blob file at least half garbage is collected by the background without further writes") {
        val fake = FakeFileSystem()
        val fs = SynchronizedFileSystem(fake)
        val jobs = JobCounter()
        val options = StoreOptions.builder().fileSystem(fs).memtableSizeBytes(1 shl 20).valueSeparationThreshold(1024)
            .listener(jobs).build()
        LsmStore.open(dir, options).use { db ->
            for (i in 0 until 20) db.put(key(i), bigValue(i, 0))
            db.flush()
            // Three more rounds over three quarters of the keys: the fourth level-0 table starts
            // the automatic compaction that turns 15 of the first file's 20 records into garbage.
            for (round in 1..3) {
                for (i in 0 until 15) db.put(key(i), bigValue(i, round))
                db.flush()
            }
            awaitSettled(db, jobs)
            jobs.compactions.filter { it.reason() == "blob collection" }.shouldNotBeEmpty()
            val st = db.stats()
            st.blobGarbageBytes() shouldBe 0L
            awaitStats(db, "the collected blob file reclaimed") { it.blobBytesReclaimed() > 0L }
            for (i in 0 until 20) db.get(key(i))!!.toList() shouldBe bigValue(i, if (i < 15) 3 else 0).toList()
        }
        verifyClean(fake, dir)
        LsmStore.open(dir, options).use { db ->
            db.stats().blobGarbageBytes() shouldBe 0L
            for (i in 0 until 20) db.get(key(i))!!.toList() shouldBe bigValue(i, if (i < 15) 3 else 0).toList()
        }
        fake.checkNoOpenFiles()
    }

    test("compactRange collects every blob file at least half garbage even when the tree has nothing to do") {
        val fake = FakeFileSystem()
        val fs = SynchronizedFileSystem(fake)
        val options = StoreOptions.builder().fileSystem(fs).memtableSizeBytes(1 shl 20).valueSeparationThreshold(1024)
            .build()
        LsmStore.open(dir, options).use { db ->
            for (i in 0 until 20) db.put(key(i), bigValue(i, 0))
            db.flush()
            db.compactRange(null, null)
            for (i in 0 until 12) db.delete(key(i))
            db.compactRange(null, null) // drops the deleted values: 12 of 20 records are garbage
            db.compactRange(null, null) // one table, nothing to merge: collects the file anyway
            val st = db.stats()
            st.blobGarbageBytes() shouldBe 0L
            awaitStats(db, "the collected blob file reclaimed") { it.blobBytesReclaimed() > 0L }
            for (i in 12 until 20) db.get(key(i))!!.toList() shouldBe bigValue(i, 0).toList()
        }
        blobFiles(fake, dir).size shouldBe 1
        verifyClean(fake, dir)
        fake.checkNoOpenFiles()
    }
})
