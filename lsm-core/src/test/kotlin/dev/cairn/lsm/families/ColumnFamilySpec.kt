// Specifies column families: create, write, read, scan, batches across families, drop, reopen,
// bad input, stores written before families, live strategy changes (setOptions) and per-family TTL.
package dev.cairn.lsm.families

import dev.cairn.lsm.ColumnFamily
import dev.cairn.lsm.ColumnFamilyOptions
import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.EventListener
import dev.cairn.lsm.FlushInfo
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.MergeOperators
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.compat.PlainStoreWorkload
import dev.cairn.lsm.engine.MutableClock
import dev.cairn.lsm.engine.SynchronizedFileSystem
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import okio.FileSystem
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem
import java.io.File
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList

private val DIR = "/cf".toPath()

private fun b(s: String) = s.encodeToByteArray()

private fun options(fs: FileSystem) = StoreOptions.builder().fileSystem(fs).build()

private fun LsmStore.scan(family: ColumnFamily): Map<String, String> {
    val out = LinkedHashMap<String, String>()
    newCursor(family, ReadOptions.defaults()).use { c ->
        c.seekToFirst()
        while (c.isValid) { out[c.key().decodeToString()] = c.value().decodeToString(); c.next() }
    }
    return out
}

/** Lists through [fs]: a listing beside the store's background work needs a SynchronizedFileSystem. */
private fun tableFiles(fs: FileSystem) = fs.list(DIR).count { it.name.endsWith(".sst") }

class ColumnFamilySpec : FunSpec({

    test("a family keeps its own keys: the same key reads differently in two families and the default") {
        val fs = FakeFileSystem()
        LsmStore.open(DIR, options(fs)).use { db ->
            val users = db.createColumnFamily("users", ColumnFamilyOptions.defaults())
            val orders = db.createColumnFamily("orders", ColumnFamilyOptions.defaults())
            db.put(b("k"), b("default"))
            db.put(users, b("k"), b("user"))
            db.write(WriteBatch().put(orders, b("k"), b("order")).put(users, b("u2"), b("x")))
            db.get(b("k"))!!.decodeToString() shouldBe "default"
            db.get(users, b("k"))!!.decodeToString() shouldBe "user"
            db.get(orders, b("k"))!!.decodeToString() shouldBe "order"
            db.scan(users) shouldBe mapOf("k" to "user", "u2" to "x")
            db.delete(users, b("k"))
            db.get(users, b("k")) shouldBe null
            db.get(b("k"))!!.decodeToString() shouldBe "default"
            db.columnFamilies().map { it.name() } shouldBe listOf("default", "users", "orders")
            db.columnFamily("users") shouldBe users
            db.columnFamily("nope") shouldBe null
        }
    }

    test("families and their data survive flushes, compactions and reopening, with their options") {
        val fs = FakeFileSystem()
        LsmStore.open(DIR, options(fs)).use { db ->
            val events = db.createColumnFamily("events", ColumnFamilyOptions.builder()
                .compaction(CompactionStrategy.leveled()).bloomBitsPerKey(4).build())
            for (i in 0 until 200) db.put(events, b("e%04d".format(i)), b("v$i"))
            db.flush(events)
            for (i in 0 until 200 step 2) db.deleteRange(events, b("e%04d".format(i)), b("e%04d".format(i + 1)))
            db.compactRange(events, null, null)
            for (i in 0 until 50) db.put(b("d$i"), b("dv$i"))
        }
        LsmStore.open(DIR, options(fs)).use { db ->
            val events = db.columnFamily("events")
            events shouldNotBe null
            db.scan(events!!).size shouldBe 100
            db.get(events, b("e0001"))!!.decodeToString() shouldBe "v1"
            db.get(events, b("e0000")) shouldBe null
            db.get(b("d7"))!!.decodeToString() shouldBe "dv7"
            db.get(b("e0001")) shouldBe null
            db.stats(events).levels().sumOf { it.tableCount() }.let { it > 0 } shouldBe true
        }
    }

    test("a batch across families is one write: a snapshot sees all of it or none") {
        val fs = FakeFileSystem()
        LsmStore.open(DIR, options(fs)).use { db ->
            val a = db.createColumnFamily("a", ColumnFamilyOptions.defaults())
            val before = db.snapshot()
            db.write(WriteBatch().put(a, b("x"), b("1")).put(b("x"), b("2")))
            db.get(a, b("x"), ReadOptions.at(before)) shouldBe null
            db.get(b("x"), ReadOptions.at(before)) shouldBe null
            db.get(a, b("x"))!!.decodeToString() shouldBe "1"
            before.close()
        }
        // Reopened without a flush: the one log record replays into both families.
        LsmStore.open(DIR, options(fs)).use { db ->
            db.get(db.columnFamily("a")!!, b("x"))!!.decodeToString() shouldBe "1"
            db.get(b("x"))!!.decodeToString() shouldBe "2"
        }
    }

    test("a dropped family is gone at once and after reopening, its tables deleted, its handle refused") {
        // Listed while the store is open (its background work may create or delete files meanwhile).
        val fs = SynchronizedFileSystem(FakeFileSystem())
        LsmStore.open(DIR, options(fs)).use { db ->
            val t = db.createColumnFamily("temp", ColumnFamilyOptions.defaults())
            for (i in 0 until 100) db.put(t, b("k$i"), b("v$i"))
            db.flush(t)
            tableFiles(fs) shouldBe 1
            db.dropColumnFamily(t)
            tableFiles(fs) shouldBe 0
            db.columnFamilies().map { it.name() } shouldBe listOf("default")
            db.columnFamily("temp") shouldBe null
            shouldThrow<IllegalArgumentException> { db.put(t, b("k"), b("v")) }.message shouldContain "dropped"
            shouldThrow<IllegalArgumentException> { db.get(t, b("k")) }
            shouldThrow<IllegalArgumentException> { db.dropColumnFamily(t) }
            // The name may be used again; the new family starts empty.
            val again = db.createColumnFamily("temp", ColumnFamilyOptions.defaults())
            db.get(again, b("k1")) shouldBe null
            db.put(again, b("n"), b("new"))
        }
        LsmStore.open(DIR, options(fs)).use { db ->
            val again = db.columnFamily("temp")!!
            db.scan(again) shouldBe mapOf("n" to "new")
        }
    }

    test("bad names, names in use, foreign or null handles and dropping the default are refused before anything is written") {
        val fs = FakeFileSystem()
        LsmStore.open(DIR, options(fs)).use { db ->
            db.createColumnFamily("x", ColumnFamilyOptions.defaults())
            shouldThrow<IllegalArgumentException> { db.createColumnFamily("x", ColumnFamilyOptions.defaults()) }
                .message shouldContain "exists"
            shouldThrow<IllegalArgumentException> { db.createColumnFamily("default", ColumnFamilyOptions.defaults()) }
            shouldThrow<IllegalArgumentException> { db.createColumnFamily("", ColumnFamilyOptions.defaults()) }
            shouldThrow<IllegalArgumentException> { db.createColumnFamily("a\nb", ColumnFamilyOptions.defaults()) }
            shouldThrow<IllegalArgumentException> { db.createColumnFamily("y".repeat(256), ColumnFamilyOptions.defaults()) }
            shouldThrow<IllegalArgumentException> { db.createColumnFamily("z", null) }
            shouldThrow<IllegalArgumentException> { db.dropColumnFamily(db.columnFamily("default")) }
                .message shouldContain "default"
            val foreign = ColumnFamily { "x" }
            shouldThrow<IllegalArgumentException> { db.put(foreign, b("k"), b("v")) }
            shouldThrow<IllegalArgumentException> { WriteBatch().put(null as ColumnFamily?, b("k"), b("v")) }
            shouldThrow<IllegalArgumentException> { ColumnFamilyOptions.builder().blockSize(3) }
            shouldThrow<IllegalArgumentException> { db.merge(db.columnFamily("x")!!, b("k"), b("1")) }
                .message shouldContain "merge operator"
            db.columnFamilies().map { it.name() } shouldBe listOf("default", "x")
        }
        LsmStore.open(DIR, options(fs)).use { db -> db.columnFamilies().map { it.name() } shouldBe listOf("default", "x") }
    }

    test("a store written before column families opens with all its data in the default family") {
        val fs = FakeFileSystem()
        val dir = PlainStoreWorkload.DIR.toPath()
        fs.createDirectories(dir)
        val fixture = File(ColumnFamilySpec::class.java.getResource("/dev/cairn/lsm/compat/plain-store-v1")!!.toURI())
        for (f in fixture.listFiles()!!) fs.write(dir.resolve(f.name)) { write(f.readBytes()) }
        val expected = PlainStoreWorkload.write(FakeFileSystem(), dir)
        LsmStore.open(dir, PlainStoreWorkload.options(fs)).use { db ->
            db.columnFamilies().map { it.name() } shouldBe listOf("default")
            val main = db.columnFamily(ColumnFamily.DEFAULT_NAME)!!
            db.scan(main) shouldBe expected
            val added = db.createColumnFamily("added", ColumnFamilyOptions.defaults())
            db.put(added, b("k"), b("v"))
        }
        LsmStore.open(dir, PlainStoreWorkload.options(fs)).use { db ->
            db.scan(db.columnFamily(ColumnFamily.DEFAULT_NAME)!!) shouldBe expected
            db.get(db.columnFamily("added")!!, b("k"))!!.decodeToString() shouldBe "v"
        }
    }

    test("setOptions changes a live family's strategy: data intact, the listener told, the new strategy picks") {
        val fs = FakeFileSystem()
        val changes = CopyOnWriteArrayList<String>()
        val flushed = CopyOnWriteArrayList<String>()
        val compacted = CopyOnWriteArrayList<String>()
        val listener = object : EventListener {
            override fun onStrategyChanged(family: String, from: String, to: String, migration: String) {
                changes += "$family $from->$to"
            }
            override fun onFlushEnd(info: FlushInfo) { flushed += info.family() }
            override fun onCompactionEnd(info: dev.cairn.lsm.CompactionInfo) { compacted += info.family() + " " + info.reason() }
        }
        val opts = StoreOptions.builder().fileSystem(fs).listener(listener).build()
        LsmStore.open(DIR, opts).use { db ->
            val f = db.createColumnFamily("f", ColumnFamilyOptions.builder().compaction(CompactionStrategy.sizeTiered()).build())
            for (round in 0 until 6) {
                for (i in 0 until 50) db.put(f, b("k%03d".format(i * 6 + round)), b("r$round"))
                db.flush(f)
            }
            db.setOptions(f, ColumnFamilyOptions.builder().compaction(
                CompactionStrategy.builder(CompactionStrategy.Kind.LEVELED).l0Trigger(2).build()).build())
            changes shouldContain "f SIZE_TIERED->LEVELED"
            db.compactRange(f, null, null)
            db.scan(f).size shouldBe 300
            db.stats(f).levels()[0].tableCount() shouldBe 0
        }
        flushed shouldContain "f"
        compacted.any { it.startsWith("f ") } shouldBe true
        LsmStore.open(DIR, opts).use { db ->
            val f = db.columnFamily("f")!!
            db.scan(f).size shouldBe 300
            // The strategy survived the reopen: a leveled family keeps level 0 empty after a manual compaction.
            db.put(f, b("new"), b("v"))
            db.compactRange(f, null, null)
            db.stats(f).levels()[0].tableCount() shouldBe 0
        }
    }

    test("a family's TTL hides its old entries while other families keep theirs") {
        val fs = FakeFileSystem()
        val hour = 3_600_000L
        val clock = MutableClock(100 * hour)
        LsmStore.open(DIR, StoreOptions.builder().fileSystem(fs).clock(clock).build()).use { db ->
            val events = db.createColumnFamily("events", ColumnFamilyOptions.builder()
                .compaction(CompactionStrategy.timeWindow(Duration.ofHours(1))).ttl(Duration.ofHours(2)).build())
            db.put(events, b("e"), b("1"))
            db.put(b("d"), b("1"))
            clock.advance(3 * hour)
            db.get(events, b("e")) shouldBe null
            db.get(b("d"))!!.decodeToString() shouldBe "1"
            db.flush(events)
            db.scan(events) shouldBe emptyMap()
        }
    }

    test("each family folds merges with its own operator, set again after reopening") {
        val fs = FakeFileSystem()
        LsmStore.open(DIR, options(fs)).use { db ->
            val counters = db.createColumnFamily("counters", ColumnFamilyOptions.builder()
                .mergeOperator(MergeOperators.uint64Add()).build())
            db.merge(counters, b("c"), MergeOperators.uint64(2))
            db.write(WriteBatch().merge(counters, b("c"), MergeOperators.uint64(3)).put(b("c"), b("plain")))
            MergeOperators.uint64Value(db.get(counters, b("c"))) shouldBe 5L
        }
        LsmStore.open(DIR, options(fs)).use { db ->
            val counters = db.columnFamily("counters")!!
            shouldThrow<IllegalArgumentException> { db.merge(counters, b("c"), MergeOperators.uint64(1)) }
            db.setOptions(counters, ColumnFamilyOptions.builder().mergeOperator(MergeOperators.uint64Add()).build())
            db.merge(counters, b("c"), MergeOperators.uint64(1))
            MergeOperators.uint64Value(db.get(counters, b("c"))) shouldBe 6L
            db.get(b("c"))!!.decodeToString() shouldBe "plain"
        }
    }

    test("a read-only store serves every family's reads and refuses family writes") {
        val fs = FakeFileSystem()
        LsmStore.open(DIR, options(fs)).use { db ->
            val f = db.createColumnFamily("f", ColumnFamilyOptions.builder().ttl(Duration.ofDays(1)).build())
            for (i in 0 until 50) db.put(f, b("fk$i"), b("fv$i"))
            db.flush(f)
            db.put(f, b("late"), b("in the log"))
            db.put(b("dk"), b("dv"))
        }
        LsmStore.openReadOnly(DIR, options(fs)).use { ro ->
            ro.columnFamilies().map { it.name() } shouldBe listOf("default", "f")
            val f = ro.columnFamily("f")!!
            ro.get(b("dk"))!!.decodeToString() shouldBe "dv"
            ro.get(b("fk1")) shouldBe null
            ro.get(f, b("fk1"))!!.decodeToString() shouldBe "fv1"
            ro.get(f, b("late"))!!.decodeToString() shouldBe "in the log"
            ro.scan(f).size shouldBe 51
            ro.stats(f).levels()[0].tableCount() shouldBe 1
            shouldThrow<dev.cairn.lsm.LsmException> { ro.put(f, b("x"), b("y")) }
            shouldThrow<dev.cairn.lsm.LsmException> { ro.createColumnFamily("g", ColumnFamilyOptions.defaults()) }
        }
    }

    test("a checkpoint copies every family, its data and its options") {
        val fs = FakeFileSystem()
        val copy = "/copy".toPath()
        LsmStore.open(DIR, options(fs)).use { db ->
            val f = db.createColumnFamily("f", ColumnFamilyOptions.builder().compaction(CompactionStrategy.leveled()).build())
            for (i in 0 until 30) db.put(f, b("t$i"), b("table"))
            db.flush(f)
            db.put(f, b("m"), b("memtable"))
            db.put(b("d"), b("default"))
            db.checkpoint(copy)
            db.put(f, b("after"), b("not in the copy"))
        }
        LsmStore.open(copy, options(fs)).use { db ->
            db.columnFamilies().map { it.name() } shouldBe listOf("default", "f")
            val f = db.columnFamily("f")!!
            db.scan(f).size shouldBe 31
            db.get(f, b("m"))!!.decodeToString() shouldBe "memtable"
            db.get(f, b("after")) shouldBe null
            db.get(b("d"))!!.decodeToString() shouldBe "default"
            db.get(b("m")) shouldBe null
            db.put(f, b("n"), b("v"))
        }
        val fromReadOnly = "/copy2".toPath()
        LsmStore.openReadOnly(DIR, options(fs)).use { ro -> ro.checkpoint(fromReadOnly) }
        LsmStore.open(fromReadOnly, options(fs)).use { db ->
            db.scan(db.columnFamily("f")!!).size shouldBe 32
        }
    }
})
