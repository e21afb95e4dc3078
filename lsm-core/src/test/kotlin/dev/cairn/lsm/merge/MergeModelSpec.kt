// Model-based spec of merges: random puts, deletes, range deletes, merges (uint64Add) and batches
// against a TreeMap oracle of counters, read back by gets, cursors both ways and seeks, at the
// latest state and at held snapshots, across flushes, compactions and reopens.
package dev.cairn.lsm.merge

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.Cursor
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.MergeOperators
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.Snapshot
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.engine.Key
import dev.cairn.lsm.engine.SynchronizedFileSystem
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.long
import io.kotest.property.checkAll
import java.util.TreeMap
import kotlin.random.Random
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

/** The oracle: counters by key. */
private class Counters(val map: TreeMap<Key, Long> = TreeMap()) {
    fun copy() = Counters(TreeMap(map))
}

private fun u64(v: Long) = MergeOperators.uint64(v)
private fun value(b: ByteArray?): Long? = b?.let { MergeOperators.uint64Value(it) }

class MergeModelSpec : FunSpec({
    val deep = CompactionStrategy.builder(CompactionStrategy.Kind.LEVELED)
        .l0Trigger(2).baseLevelSize(16 * 1024).levelMultiplier(2).targetFileSize(4096).build()

    fun options(fs: FakeFileSystem, strategy: CompactionStrategy) = StoreOptions.builder()
        .fileSystem(SynchronizedFileSystem(fs))
        .memtableSizeBytes(8 * 1024)
        .blockSize(256)
        .compaction(strategy)
        .mergeOperator(MergeOperators.uint64Add())
        .build()

    fun key(r: Random): ByteArray = "k%03d".format(r.nextInt(80)).toByteArray()

    fun checkAllReads(db: LsmStore, read: ReadOptions, model: Counters, r: Random) {
        db.newCursor(read).use { c: Cursor ->
            val forward = ArrayList<Pair<Key, Long>>()
            c.seekToFirst()
            while (c.isValid) { forward += Key(c.key()) to value(c.value())!!; c.next() }
            forward shouldBe model.map.entries.map { it.key to it.value }
            val backward = ArrayList<Pair<Key, Long>>()
            c.seekToLast()
            while (c.isValid) { backward += Key(c.key()) to value(c.value())!!; c.prev() }
            backward shouldBe model.map.entries.map { it.key to it.value }.reversed()
            repeat(3) {
                val t = key(r)
                c.seek(t)
                val ceil = model.map.ceilingEntry(Key(t))
                withClue("seek ${Key(t)}") { (if (c.isValid) Key(c.key()) to value(c.value()) else null) shouldBe ceil?.let { it.key to it.value } }
                c.seekForPrev(t)
                val floor = model.map.floorEntry(Key(t))
                withClue("seekForPrev ${Key(t)}") { (if (c.isValid) Key(c.key()) to value(c.value()) else null) shouldBe floor?.let { it.key to it.value } }
                if (c.isValid) {
                    c.next()
                    val higher = model.map.higherEntry(floor!!.key)
                    withClue("next after seekForPrev") { (if (c.isValid) Key(c.key()) to value(c.value()) else null) shouldBe higher?.let { it.key to it.value } }
                }
            }
        }
        repeat(5) {
            val k = key(r)
            withClue("get ${Key(k)}") { value(db.get(k, read)) shouldBe model.map[Key(k)] }
        }
    }

    fun runScenario(seed: Long, strategy: CompactionStrategy, steps: Int) {
        val r = Random(seed)
        val fs = FakeFileSystem()
        val dir = "/db".toPath()
        val model = Counters()
        var db = LsmStore.open(dir, options(fs, strategy))
        val snaps = ArrayList<Pair<Snapshot, Counters>>()
        try {
            repeat(steps) { step ->
                withClue("seed=$seed step=$step") {
                    when (r.nextInt(100)) {
                        in 0..14 -> { val k = key(r); val v = r.nextLong(0, 1000); db.put(k, u64(v)); model.map[Key(k)] = v }
                        in 15..22 -> { val k = key(r); db.delete(k); model.map.remove(Key(k)) }
                        in 23..24 -> {
                            var a = key(r); var b = key(r)
                            if (Key(a) > Key(b)) { val t = a; a = b; b = t }
                            db.deleteRange(a, b); model.map.subMap(Key(a), true, Key(b), false).clear()
                        }
                        in 25..59 -> {
                            val k = key(r); val d = r.nextLong(-5, 50)
                            db.merge(k, u64(d)); model.map.merge(Key(k), d, Long::plus)
                        }
                        in 60..66 -> {
                            val batch = WriteBatch()
                            repeat(r.nextInt(1, 8)) {
                                val k = key(r)
                                when (r.nextInt(3)) {
                                    0 -> { batch.delete(k); model.map.remove(Key(k)) }
                                    1 -> { val v = r.nextLong(0, 1000); batch.put(k, u64(v)); model.map[Key(k)] = v }
                                    else -> { val d = r.nextLong(1, 9); batch.merge(k, u64(d)); model.map.merge(Key(k), d, Long::plus) }
                                }
                            }
                            db.write(batch)
                        }
                        in 67..80 -> { val k = key(r); withClue("get ${Key(k)}") { value(db.get(k)) shouldBe model.map[Key(k)] } }
                        in 81..83 -> checkAllReads(db, ReadOptions.defaults(), model, r)
                        in 84..86 -> if (snaps.size < 4) snaps += db.snapshot() to model.copy()
                        87 -> if (snaps.isNotEmpty()) {
                            val (s, m) = snaps.removeAt(r.nextInt(snaps.size))
                            checkAllReads(db, ReadOptions.at(s), m, r)
                            s.close()
                        }
                        in 88..89 -> db.flush()
                        90 -> db.compactRange(null, null)
                        91 -> {
                            snaps.forEach { it.first.close() }
                            snaps.clear()
                            db.close()
                            db = LsmStore.open(dir, options(fs, strategy))
                        }
                        else -> { val k = key(r); db.merge(k, u64(1)); model.map.merge(Key(k), 1L, Long::plus) }
                    }
                }
            }
            withClue("seed=$seed final") {
                checkAllReads(db, ReadOptions.defaults(), model, r)
                for ((s, m) in snaps) checkAllReads(db, ReadOptions.at(s), m, r)
                snaps.forEach { it.first.close() }
                snaps.clear()
                db.compactRange(null, null)
                checkAllReads(db, ReadOptions.defaults(), model, r)
            }
            db.close()
            db = LsmStore.open(dir, options(fs, strategy))
            withClue("seed=$seed after reopen") { checkAllReads(db, ReadOptions.defaults(), model, r) }
        } finally {
            snaps.forEach { it.first.close() }
            db.close()
        }
        fs.checkNoOpenFiles()
    }

    test("merges, puts, deletes and range deletes match a counter oracle across flushes, compactions, snapshots and reopens (leveled, many small levels)") {
        checkAll(PropTestConfig(seed = 2026_12_07L, iterations = 6), Arb.long()) { seed ->
            runScenario(seed, deep, 1500)
        }
    }

    test("the same under size-tiered compaction") {
        checkAll(PropTestConfig(seed = 2026_12_08L, iterations = 4), Arb.long()) { seed ->
            runScenario(seed, CompactionStrategy.builder(CompactionStrategy.Kind.SIZE_TIERED)
                .minThreshold(2).maxThreshold(8).minSstableSize(0).build(), 1500)
        }
    }
})
