// Tombstone compaction in a running store: a table full of tombstones is rewritten alone once old
// enough; tombstones whose keys no older table holds (bloom filter, then lookup) are dropped,
// the others stay and keep hiding what they delete, and a futile rewrite is not repeated.
package dev.cairn.lsm.engine

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.time.Duration

class TombstoneCompactionSpec : FunSpec({
    for (kind in CompactionStrategy.Kind.values()) {
        test("$kind: spent tombstones are dropped, needed ones stay") {
            val strategy = CompactionStrategy.builder(kind).tombstoneRatio(0.2).tombstoneInterval(Duration.ofMinutes(5)).build()
            val fake = FakeFileSystem()
            val clock = MutableClock(1_000_000_000L)
            val jobs = JobCounter()
            val options = StoreOptions.builder().fileSystem(SynchronizedFileSystem(fake)).memtableSizeBytes(1 shl 20)
                .compaction(strategy).clock(clock).listener(jobs).build()
            LsmStore.open("/db".toPath(), options).use { db ->
                for (i in 0 until 2000 step 2) db.put(testKey(i), ByteArray(50) { 1 })
                db.flush()
                // Odd keys were never written: their tombstones are spent from the start.
                for (i in 1 until 2000 step 2) db.delete(testKey(i))
                db.flush()
                awaitSettled(db, jobs)
                db.stats().tableCount() shouldBe 2
                clock.advance(Duration.ofMinutes(6).toMillis())
                db.put(testKey(5000), byteArrayOf(1))
                db.flush()
                awaitSettled(db, jobs)
                val rewrites = jobs.compactions.filter { it.reason() == "tombstones" }
                rewrites.size shouldBe 1
                // The tombstone table vanished: all its tombstones were spent.
                db.stats().tableCount() shouldBeLessThanOrEqual 2
                for (i in 0 until 2000) db.get(testKey(i))?.get(0) shouldBe (if (i % 2 == 0) 1.toByte() else null)

                // Now delete keys that an older table holds: those tombstones must stay.
                for (i in 0 until 2000 step 2) db.delete(testKey(i))
                db.flush()
                clock.advance(Duration.ofMinutes(6).toMillis())
                db.put(testKey(5001), byteArrayOf(1))
                db.flush()
                awaitSettled(db, jobs)
                for (i in 0 until 2000) db.get(testKey(i)) shouldBe null
                clock.advance(Duration.ofMinutes(1).toMillis())
                db.put(testKey(5002), byteArrayOf(1))
                db.flush()
                awaitSettled(db, jobs)
                for (i in 0 until 2000) db.get(testKey(i)) shouldBe null
            }
            fake.checkNoOpenFiles()
        }
    }
})
