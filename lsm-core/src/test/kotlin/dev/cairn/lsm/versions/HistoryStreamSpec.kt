// historyStream: the ranged history read lazily, one key's versions at a time. It lists exactly
// what history(from, to) lists; a short prefix of a long history reads a small part of the
// tables (measured with the tableBytesRead figure); the walk refuses to go on once the store is
// closed; and stores that keep no versions refuse it as they refuse history.
package dev.cairn.lsm.versions

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreClosedException
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.engine.MutableClock
import dev.cairn.lsm.engine.SynchronizedFileSystem
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.time.Duration
import kotlin.random.Random
import okio.FileSystem
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

private fun b(s: String) = s.toByteArray()

private fun versionsOf(v: dev.cairn.lsm.Version) = "${v.key().decodeToString()}@${v.timestamp().toEpochMilli()}=${v.value()?.decodeToString()}"

class HistoryStreamSpec : FunSpec({
    fun options(fs: FileSystem, clock: MutableClock) = StoreOptions.builder().fileSystem(fs).clock(clock)
        .memtableSizeBytes(256 * 1024).blockCacheBytes(0).retainVersions(Duration.ofHours(1)).build()

    test("historyStream lists what history lists, and a prefix of a long history reads a small part of the tables") {
        val seed = 77L
        val r = Random(seed)
        val fake = FakeFileSystem()
        val clock = MutableClock(9_000_000)
        LsmStore.open("/db".toPath(), options(SynchronizedFileSystem(fake), clock)).use { db ->
            for (round in 0 until 3) {
                for (start in 0 until 30_000 step 1_000) {
                    val batch = WriteBatch()
                    for (i in start until start + 1_000) {
                        val k = b("k%05d".format(i))
                        if (r.nextInt(10) == 0) batch.delete(k) else batch.put(k, b("v$round-${"x".repeat(r.nextInt(40))}"))
                    }
                    db.write(batch)
                }
                db.deleteRange(b("k00100"), b("k00110"))
                clock.advance(1_000)
            }
            db.compactRange(null, null) // a few large tables: a prefix meets each table's first blocks only
            withClue("seed $seed") {
                val before = db.stats().tableBytesRead()
                val prefix = db.historyStream(null, null).use { s -> s.limit(3).map(::versionsOf).toList() }
                val prefixRead = db.stats().tableBytesRead() - before
                val all = db.historyStream(null, null).use { s -> s.map(::versionsOf).toList() }
                val allRead = db.stats().tableBytesRead() - before - prefixRead
                all shouldBe db.history(null as ByteArray?, null).map(::versionsOf)
                all.size shouldBe db.history(null as ByteArray?, null).size
                prefix shouldBe all.take(3)
                val ranged = db.historyStream(b("k00095"), b("k00120")).use { s -> s.map(::versionsOf).toList() }
                ranged shouldBe db.history(b("k00095"), b("k00120")).map(::versionsOf)
                println("HistoryStreamSpec: ${all.size} versions; the first 3 read $prefixRead table bytes, all of them $allRead")
                (prefixRead * 10 < allRead) shouldBe true
            }
            // a walk left open fails once the store is closed; closing it afterwards is harmless
            val open = db.historyStream(null, null)
            val walk = open.iterator()
            walk.next()
            db.close()
            shouldThrow<StoreClosedException> { while (walk.hasNext()) walk.next() }
            open.close()
        }
        fake.checkNoOpenFiles()
    }

    test("a store that keeps no versions refuses historyStream as it refuses history") {
        val fake = FakeFileSystem()
        LsmStore.open("/db".toPath(), StoreOptions.builder().fileSystem(fake).build()).use { db ->
            db.put(b("a"), b("1"))
            shouldThrow<IllegalArgumentException> { db.historyStream(null, null) }
            shouldThrow<IllegalArgumentException> { db.history(null as ByteArray?, null) }
            shouldThrow<IllegalArgumentException> { db.historyStream(b("b"), b("a")) }
        }
        LsmStore.openReadOnly("/db".toPath(), StoreOptions.builder().fileSystem(fake).build()).use { ro ->
            shouldThrow<IllegalArgumentException> { ro.historyStream(null, null) }.message!!.contains("read-only") shouldBe true
            shouldThrow<IllegalArgumentException> { ro.history(null as ByteArray?, null) }
        }
    }
})
