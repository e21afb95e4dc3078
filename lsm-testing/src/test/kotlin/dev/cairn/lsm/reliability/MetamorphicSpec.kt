// Specifies that configuration never changes answers: one random operation list (writes, batches,
// range deletes, flushes, compactions, reopens, snapshots, cursors in both directions) run under
// several option sets gives identical read results, equal to the model's.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.Compression
import dev.cairn.lsm.Cursor
import dev.cairn.lsm.Encryption
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.Snapshot
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.testing.CrashFileSystem
import io.kotest.core.spec.style.FunSpec
import okio.ByteString
import okio.ByteString.Companion.toByteString
import okio.Path.Companion.toPath
import java.util.Random

private val dir = "/db".toPath()

/** The read steps interleaved with writes; each records what it saw. */
private sealed class Read {
    data class Get(val key: ByteString) : Read()
    data class Scan(val from: ByteString, val limit: Int, val reverse: Boolean) : Read()
    data class SeekForPrev(val key: ByteString) : Read()
    object TakeSnapshot : Read()
    data class AtSnapshot(val which: Int, val key: ByteString) : Read()
    object FullAtSnapshot : Read()
    object Full : Read()
}

private sealed class Step {
    data class W(val op: Op) : Step()
    data class R(val read: Read) : Step()
}

private fun steps(seed: Long, count: Int): List<Step> {
    val random = Random(seed)
    val gen = OpGenerator(random, keyCount = 250, flushProbability = 0.01, compactProbability = 0.005, reopenProbability = 0.004)
    return List(count) {
        if (random.nextInt(3) == 0) {
            val key = gen.key()
            Step.R(when (random.nextInt(20)) {
                in 0..7 -> Read.Get(key)
                in 8..10 -> Read.Scan(key, 1 + random.nextInt(30), random.nextBoolean())
                11, 12 -> Read.SeekForPrev(key)
                13 -> Read.TakeSnapshot
                14, 15, 16 -> Read.AtSnapshot(random.nextInt(1000), key)
                17 -> Read.FullAtSnapshot
                else -> Read.Full
            })
        } else Step.W(gen.next())
    }
}

private fun scan(c: Cursor, limit: Int, reverse: Boolean): List<Pair<ByteString, ByteString>> {
    val out = ArrayList<Pair<ByteString, ByteString>>()
    while (c.isValid && out.size < limit) {
        out += c.key().toByteString() to c.value().toByteString()
        if (reverse) c.prev() else c.next()
    }
    return out
}

/** Runs [steps] on a store with [options]; returns the transcript of every read. */
private fun transcript(steps: List<Step>, options: StoreOptions): List<String> {
    val fs = CrashFileSystem()
    val opts = options.toBuilder().fileSystem(fs).build()
    val out = ArrayList<String>()
    var store = LsmStore.open(dir, opts)
    val snapshots = ArrayList<Snapshot>()
    try {
        for (step in steps) {
            when (step) {
                is Step.W -> if (step.op is Op.Reopen) {
                    snapshots.forEach { it.close() }; snapshots.clear()
                    store.close(); store = LsmStore.open(dir, opts)
                } else store.apply(step.op)
                is Step.R -> out += when (val r = step.read) {
                    is Read.Get -> "get ${r.key.hex()} = ${store.get(r.key.toByteArray())?.toByteString()?.hex()}"
                    is Read.Scan -> store.newCursor().use { c ->
                        if (r.reverse) c.seekForPrev(r.from.toByteArray()) else c.seek(r.from.toByteArray())
                        "scan ${r.from.hex()} ${r.reverse} = " + scan(c, r.limit, r.reverse).joinToString { it.first.hex() + ":" + it.second.hex() }
                    }
                    is Read.SeekForPrev -> store.newCursor().use { c ->
                        c.seekForPrev(r.key.toByteArray())
                        "seekForPrev ${r.key.hex()} = " + (if (c.isValid) c.key().toByteString().hex() else "-")
                    }
                    is Read.TakeSnapshot -> { snapshots += store.snapshot(); "snapshot ${snapshots.size}" }
                    is Read.AtSnapshot -> if (snapshots.isEmpty()) "no snapshot" else {
                        val s = snapshots[r.which % snapshots.size]
                        "at ${r.which % snapshots.size} ${r.key.hex()} = ${store.get(r.key.toByteArray(), ReadOptions.at(s))?.toByteString()?.hex()}"
                    }
                    is Read.FullAtSnapshot -> if (snapshots.isEmpty()) "no snapshot" else {
                        val s = snapshots.last()
                        "full at last = " + readAll(store, ReadOptions.at(s)).entries.joinToString { it.key.hex() + ":" + it.value.size }
                    }
                    is Read.Full -> store.newCursor().use { c ->
                        c.seekToLast()
                        val reverse = scan(c, Int.MAX_VALUE, true).reversed()
                        val forward = readAll(store).entries.map { it.key to it.value }
                        check(reverse == forward) { "a reverse scan disagrees with a forward scan" }
                        "full = " + forward.joinToString { it.first.hex() + ":" + it.second.size }
                    }
                }
            }
        }
    } finally {
        snapshots.forEach { it.close() }
        store.close()
    }
    fs.checkNoOpenFiles()
    return out
}

/** The same transcript computed from the model alone. */
private fun modelTranscript(steps: List<Step>): List<String> {
    val model = Model()
    val snaps = ArrayList<Model>()
    val out = ArrayList<String>()
    fun scanModel(m: Model, from: ByteString, limit: Int, reverse: Boolean): List<Pair<ByteString, ByteString>> {
        val map = m.contents() as java.util.TreeMap<ByteString, ByteString>
        val view = if (reverse) map.headMap(from, true).descendingMap() else map.tailMap(from, true)
        return view.entries.take(limit).map { it.key to it.value }
    }
    for (step in steps) {
        when (step) {
            is Step.W -> model.apply(step.op)
            is Step.R -> out += when (val r = step.read) {
                is Read.Get -> "get ${r.key.hex()} = ${model.get(r.key)?.hex()}"
                is Read.Scan -> "scan ${r.from.hex()} ${r.reverse} = " + scanModel(model, r.from, r.limit, r.reverse).joinToString { it.first.hex() + ":" + it.second.hex() }
                is Read.SeekForPrev -> "seekForPrev ${r.key.hex()} = " + (scanModel(model, r.key, 1, true).firstOrNull()?.first?.hex() ?: "-")
                is Read.TakeSnapshot -> { snaps += model.copy(); "snapshot ${snaps.size}" }
                is Read.AtSnapshot -> if (snaps.isEmpty()) "no snapshot" else
                    "at ${r.which % snaps.size} ${r.key.hex()} = ${snaps[r.which % snaps.size].get(r.key)?.hex()}"
                is Read.FullAtSnapshot -> if (snaps.isEmpty()) "no snapshot" else
                    "full at last = " + snaps.last().contents().entries.joinToString { it.key.hex() + ":" + it.value.size }
                is Read.Full -> "full = " + model.contents().entries.joinToString { it.key.hex() + ":" + it.value.size }
            }
        }
        // A reopen closes every snapshot; the model forgets them too.
        if (step is Step.W && step.op is Op.Reopen) snaps.clear()
    }
    return out
}

class MetamorphicSpec : FunSpec({

    val configurations: List<Pair<String, StoreOptions>> = listOf(
        "defaults" to StoreOptions.defaults(),
        "tiny leveled" to StoreConfigs.tiny(okio.FileSystem.SYSTEM),
        "tiny size-tiered" to StoreConfigs.tiny(okio.FileSystem.SYSTEM, StoreConfigs.sizeTiered()),
        "tiny time-window" to StoreConfigs.tiny(okio.FileSystem.SYSTEM, StoreConfigs.timeWindow()),
        "tiny, no bloom, no cache" to StoreConfigs.tiny(okio.FileSystem.SYSTEM).toBuilder().bloomBitsPerKey(0).blockCacheBytes(0).build(),
        "tiny, LZ4, big blocks" to StoreConfigs.tiny(okio.FileSystem.SYSTEM).toBuilder().compression(Compression.LZ4).blockSize(64 * 1024).build(),
        "tiny, encrypted, LZ4" to StoreConfigs.tiny(okio.FileSystem.SYSTEM).toBuilder().compression(Compression.LZ4)
            .encryption(Encryption.aesGcm(ByteArray(32) { it.toByte() })).build(),
        "leveled defaults, small memtable" to StoreOptions.builder().memtableSizeBytes(16 * 1024).compaction(CompactionStrategy.leveled()).build(),
    )

    test("one operation list under every option set gives the model's answers") {
        var reads = 0
        for (seed in Reliability.seeds(base = 3_300, ci = 3)) withSeed("metamorphic", seed) {
            val steps = steps(seed, if (Reliability.long) 20_000 else 2_500)
            val expected = modelTranscript(steps)
            for ((name, options) in configurations) {
                val actual = try {
                    transcript(steps, options)
                } catch (e: Throwable) {
                    throw AssertionError("configuration '$name': $e", e)
                }
                val first = expected.indices.firstOrNull { expected[it] != actual.getOrNull(it) }
                if (first != null) {
                    throw AssertionError("configuration '$name' differs at read $first:\n  expected ${expected[first].take(600)}\n  actual   ${actual.getOrNull(first)?.take(600)}")
                }
                reads += actual.size
            }
        }
        println("[figures] metamorphic: ${configurations.size} configurations, $reads reads compared")
    }
})
