// Specifies that every single-bit flip anywhere in a table, plain or encrypted, is either harmless
// or detected: after the flip, every key reads back its value (or its absence) or raises an
// LsmException — never a stale, missing or resurrected value. Deterministic: three tables from a
// fixed workload holding puts, overwrites, point deletes and range deletes that shadow one another.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.Encryption
import dev.cairn.lsm.LsmException
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.WriteBatch
import dev.cairn.lsm.testing.CrashFileSystem
import io.kotest.core.spec.style.FunSpec
import okio.ByteString.Companion.toByteString
import okio.Path.Companion.toPath

class TableBitFlipSpec : FunSpec({

    test("a single flipped bit anywhere in any table never turns into a wrong or missing value") {
        flipEveryBit("table bit flips", encryption = null, stride = if (Reliability.long) 1 else 5)
    }

    test("a single flipped bit anywhere in any encrypted table never turns into a wrong or missing value") {
        flipEveryBit("encrypted table bit flips", Encryption.aesGcm(ByteArray(24) { (it * 19).toByte() }),
            stride = if (Reliability.long) 1 else 11)
    }
})

/** Flips one bit every [stride] bytes of each of three tables; fails on any wrong answer. */
private fun flipEveryBit(name: String, encryption: Encryption?, stride: Int) {
    val dir = "/db".toPath()
    val pristine = CrashFileSystem()
    val noCompaction = CompactionStrategy.builder(CompactionStrategy.Kind.SIZE_TIERED).minThreshold(32).maxThreshold(32).build()
    val options = StoreConfigs.tiny(pristine, noCompaction).toBuilder().memtableSizeBytes(1 shl 20).encryption(encryption).build()
    fun key(i: Int) = "key-%04d".format(i).encodeToByteArray()
    val model = Model()
    fun write(op: Op, store: LsmStore) { store.apply(op); model.apply(op) }
    LsmStore.open(dir, options).use { store ->
        for (i in 0 until 60) write(Op.Put(key(i).toByteString(), "old-$i-".repeat(1 + i % 5).encodeToByteArray().toByteString()), store)
        store.flush()
        write(Op.DeleteRange(key(10).toByteString(), key(20).toByteString()), store)
        for (i in 30 until 45) write(Op.Put(key(i).toByteString(), "new-$i".encodeToByteArray().toByteString()), store)
        for (i in 50 until 55) write(Op.Delete(key(i).toByteString()), store)
        store.flush()
        write(Op.DeleteRange(key(40).toByteString(), key(48).toByteString()), store)
        for (i in 12 until 16) write(Op.Put(key(i).toByteString(), "back-$i".encodeToByteArray().toByteString()), store)
        store.flush()
    }
    check(store = null, dir = dir, fs = pristine, options = options, model = model)?.let { throw AssertionError("pristine store: $it") }
    val tables = pristine.list(dir).filter { it.name.endsWith(".sst") }
    check(tables.size == 3) { "expected 3 tables, found $tables" }
    val wrong = ArrayList<String>()
    var flips = 0
    var detected = 0
    for (table in tables) {
        val size = pristine.metadata(table).size!!.toInt()
        for (offset in 0 until size step stride) {
            val fs = pristine.liveCopy()
            val bytes = fs.read(table) { readByteArray() }
            bytes[offset] = (bytes[offset].toInt() xor (1 shl (offset % 8))).toByte()
            fs.write(table) { write(bytes) }
            flips++
            when (val r = check(null, dir, fs, options, model)) {
                null -> Unit
                "detected" -> detected++
                else -> wrong += "${table.name} offset $offset of $size: $r"
            }
            fs.checkNoOpenFiles()
        }
    }
    println("[figures] $name: $flips flips in ${tables.size} tables, $detected detected, ${wrong.size} wrong answers")
    if (wrong.isNotEmpty()) throw AssertionError("${wrong.size} flipped bits gave wrong answers; first ones: ${wrong.take(10)}")
}

/** Opens the store and reads every key 0..69; returns null if all agree, "detected" on an LsmException, or the wrong answer. */
private fun check(store: LsmStore?, dir: okio.Path, fs: CrashFileSystem, options: dev.cairn.lsm.StoreOptions, model: Model): String? {
    var detected = false
    try {
        LsmStore.open(dir, options.toBuilder().fileSystem(fs).build()).use { s ->
            for (i in 0 until 70) {
                val k = "key-%04d".format(i).encodeToByteArray()
                try {
                    val got = s.get(k)?.toByteString()
                    val expected = model.get(k.toByteString())
                    if (got != expected) return "get(key-%04d) = ${got?.utf8()}, expected ${expected?.utf8()}".format(i)
                } catch (e: LsmException) {
                    detected = true
                }
            }
            try {
                val all = readAll(s)
                if (all != model.contents()) return "scan: " + diff(model.contents(), all)
            } catch (e: LsmException) {
                detected = true
            }
        }
    } catch (e: LsmException) {
        detected = true
    }
    return if (detected) "detected" else null
}
