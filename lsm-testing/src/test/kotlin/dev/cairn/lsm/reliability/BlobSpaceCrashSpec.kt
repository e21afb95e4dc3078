// Specifies crash safety of the value log's space reclaiming: a power cut before any file operation
// (every WRITE, SYNC, RENAME, DELETE, OPEN and directory creation, on the crash-simulating file
// system) of a TTL drop of whole tables (their blob files counted as garbage and deleted), of a
// column family's drop (its blob files deleted), and of the background's collection of a blob file
// at least half garbage leaves a store that opens with every acknowledged value, no dangling
// pointer (every value reads) and no blob file the manifest does not name.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.ColumnFamilyOptions
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.testing.CrashFileSystem
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import okio.ByteString
import okio.ByteString.Companion.toByteString
import okio.FileSystem
import okio.Path.Companion.toPath
import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset
import java.util.TreeMap
import java.util.concurrent.atomic.AtomicLong

private const val HOUR = 3_600_000L

/** A clock the test moves forward. */
private class TestClock(start: Long) : Clock() {
    val now = AtomicLong(start)
    override fun millis(): Long = now.get()
    override fun instant(): Instant = Instant.ofEpochMilli(now.get())
    override fun getZone(): ZoneId = ZoneOffset.UTC
    override fun withZone(zone: ZoneId?): Clock = this
}

private fun options(fs: FileSystem, clock: Clock) = StoreOptions.builder().fileSystem(fs).syncWrites(true)
    .memtableSizeBytes(1 shl 20).valueSeparationThreshold(512).backgroundThreads(1).ttl(Duration.ofHours(2))
    .clock(clock).build()

private fun value(i: Int, round: Int) = ("r$round-$i-" + "abcdefghij".repeat(60 + i % 7)).toByteArray()

/** What the store must read back: the default family, and the family "cf" when it still exists. */
private data class Expected(val main: TreeMap<ByteString, ByteString>, val cf: TreeMap<ByteString, ByteString>?)

private fun readFamily(db: LsmStore): TreeMap<ByteString, ByteString>? {
    val cf = db.columnFamily("cf") ?: return null
    val out = TreeMap<ByteString, ByteString>()
    db.newCursor(cf, ReadOptions.defaults()).use { c ->
        c.seekToFirst()
        while (c.isValid) { out[c.key().toByteString()] = c.value().toByteString(); c.next() }
    }
    return out
}

class BlobSpaceCrashSpec : FunSpec({

    test("a power cut at every file operation of a TTL drop, a family drop and a background blob collection loses nothing") {
        val seed = 2_315L
        withSeed("value-log space crash points", seed) {
            val cuts = PhasePowerCuts<Expected>(CrashFileSystem(), seed)
            val clock = TestClock(1_000 * HOUR)
            LsmStore.open("/db".toPath(), options(cuts.fileSystem, clock)).use { db ->
                val cf = db.createColumnFamily("cf", ColumnFamilyOptions.defaults())
                for (i in 0 until 24) {
                    db.put("old%03d".format(i).toByteArray(), value(i, 0))
                    db.put(cf, "cf%03d".format(i).toByteArray(), value(i, 1))
                }
                db.flush()
                db.flush(cf)
                clock.now.addAndGet(10 * HOUR)
                for (i in 0 until 16) db.put("young%03d".format(i).toByteArray(), value(i, 2))
                cuts.expected = Expected(readAll(db), readFamily(db))
                cuts.during("ttl drop") {
                    db.flush() // the picker then drops the expired table whole, and its blob file with it
                    awaitTrue("the expired table's blob file leaving", db) { db.stats().blobFileCount() == 1 }
                }
                cuts.during("family drop") { db.dropColumnFamily(cf) }
                cuts.expected = Expected(readAll(db), null)

                for (i in 0 until 12) db.delete("young%03d".format(i).toByteArray())
                db.flush()
                cuts.expected = Expected(readAll(db), null)
                cuts.during("background blob collection") {
                    // Drops the deleted values (12 of 16 records become garbage); the background
                    // then collects the file without another write.
                    db.compactRange(null, null)
                    awaitTrue("the collection", db) { db.stats().blobGarbageBytes() == 0L && db.stats().blobFileCount() == 1 }
                }
            }
            val clones = cuts.cuts()
            clones.map { it.where.substringBefore(':') }.toSet() shouldBe setOf("ttl drop", "family drop", "background blob collection")
            clones.size shouldBeGreaterThan 20
            for ((where, fs, want) in clones) {
                try {
                    repeat(2) {
                        LsmStore.open("/db".toPath(), options(fs, clock)).use { db ->
                            readAll(db) shouldBe want.main
                            // The family exists (every value) or its drop committed.
                            readFamily(db)?.let { it shouldBe want.cf }
                            awaitBlobFilesNamed(db, fs, "/db".toPath())
                        }
                    }
                } catch (e: Throwable) {
                    throw AssertionError("power cut $where: $e", e)
                }
            }
            println("[figures] value-log space crash points: ${clones.size} power cuts checked")
        }
    }
})
