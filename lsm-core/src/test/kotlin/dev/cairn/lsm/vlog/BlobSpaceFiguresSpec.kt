// The figure docs/benchmarks.md quotes for the value log's space: a column family with a TTL and
// 4 KiB values, written in six hourly rounds, then left to expire while a little young data
// arrives. Prints the bytes of blob files on disk before and after expiry, and specifies that the
// expired rounds' blob files are gone (before tables recorded their blob references, all of them
// stayed). Deterministic: a test clock, flushes and settles.
package dev.cairn.lsm.vlog

import dev.cairn.lsm.ColumnFamilyOptions
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.engine.JobCounter
import dev.cairn.lsm.engine.MutableClock
import dev.cairn.lsm.engine.SynchronizedFileSystem
import dev.cairn.lsm.engine.awaitSettled
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.time.Duration

class BlobSpaceFiguresSpec : FunSpec({
    test("a TTL family of 4 KiB values keeps only its young values' blob bytes once the rest expires") {
        val hour = 3_600_000L
        val fake = FakeFileSystem()
        val clock = MutableClock(1_000 * hour)
        val jobs = JobCounter()
        val dir = "/db".toPath()
        val options = StoreOptions.builder().fileSystem(SynchronizedFileSystem(fake)).memtableSizeBytes(1 shl 20)
            .valueSeparationThreshold(1024).clock(clock).listener(jobs).build()
        val rounds = 6
        val perRound = 200
        var before = 0L
        LsmStore.open(dir, options).use { db ->
            val events = db.createColumnFamily("events", ColumnFamilyOptions.builder().ttl(Duration.ofHours(2)).build())
            for (round in 0 until rounds) {
                for (i in 0 until perRound) db.put(events, key(round * perRound + i), bigValue(i, round, 4096))
                db.flush(events)
                awaitSettled(db, jobs)
                if (round < rounds - 1) clock.advance(hour / 4)
            }
            before = blobFiles(fake, dir).sumOf { fake.metadata(it).size!! }
            clock.advance(10 * hour)
            for (i in 0 until 20) db.put(events, key(10_000 + i), bigValue(i, 99, 4096))
            db.flush(events)
            awaitSettled(db, jobs)
        }
        val after = blobFiles(fake, dir).sumOf { fake.metadata(it).size!! }
        println("[figures] TTL family, ${rounds * perRound} values of 4 KiB expired, 20 young: blob bytes on disk " +
            "$before before expiry, $after after")
        after shouldBeLessThan 20L * 4096 * 2
    }
})
