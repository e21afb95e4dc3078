// Specifies behaviour on damaged files: bytes of tables, write-ahead logs, MANIFEST and CURRENT
// are flipped, zeroed or truncated at random, in a plain and in an encrypted store. Cairn never
// returns a wrong value: opening and every read either succeed with data the model allows or throw
// an LsmException (CorruptionException naming the file); a damaged manifest is refused, never
// opened empty.
package dev.cairn.lsm.reliability

import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.Encryption
import dev.cairn.lsm.LsmException
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.testing.CrashFileSystem
import io.kotest.core.spec.style.FunSpec
import okio.ByteString
import okio.Path
import okio.Path.Companion.toPath
import java.util.Random

private val dir = "/db".toPath()

/** What a damaged store may show: per key, the values (null = absent) some allowed state gives. */
private class Allowed(history: History, lo: Int, hi: Int) {
    val states: List<Map<ByteString, ByteString>> = (lo..hi).map { history.modelAt(it).contents().toMap() }
    val keys: Set<ByteString> = states.flatMap { it.keys }.toSet()
    fun valuesOf(key: ByteString): Set<ByteString?> = states.map { it[key] }.toSet()
}

private enum class Damage { FLIP, ZERO, TRUNCATE, GARBAGE_TAIL }

private class Figures {
    var tried = 0
    var refusedAtOpen = 0
    var readErrors = 0
    var intact = 0
    val byKind = HashMap<String, Int>()
    override fun toString() = "$tried damages ($byKind): $refusedAtOpen refused at open, $readErrors raised on read, $intact read back correct"
}

class CorruptionSweepSpec : FunSpec({

    var encryption: Encryption? = null

    fun options(fs: okio.FileSystem): StoreOptions =
        StoreConfigs.tiny(fs).toBuilder().backgroundThreads(1).encryption(encryption).build()

    /** A closed store with several tables, a log holding unflushed writes, and its history. */
    fun buildStore(seed: Long): Triple<CrashFileSystem, History, Int> {
        val fs = CrashFileSystem()
        val random = Random(seed)
        val gen = OpGenerator(random, keyCount = 200, syncProbability = 0.0, flushProbability = 0.0, compactProbability = 0.0)
        val history = History(Model())
        var flushedUpTo = 0
        LsmStore.open(dir, options(fs)).use { store ->
            repeat(600) { i ->
                val op = gen.next()
                history.begin(op); store.apply(op); history.acknowledged(op)
                if (i == 300) store.compactRange(null, null)
                if (i == 450) { store.flush(); flushedUpTo = history.acked }
            }
        }
        return Triple(fs, history, flushedUpTo)
    }

    fun damage(fs: CrashFileSystem, file: Path, kind: Damage, random: Random): String {
        val bytes = fs.read(file) { readByteArray() }
        if (bytes.isEmpty()) return "empty"
        val where = ArrayList<Int>()
        val damaged: ByteArray = when (kind) {
            Damage.FLIP -> bytes.copyOf().also { b ->
                repeat(1 + random.nextInt(3)) { val at = random.nextInt(b.size); where += at; b[at] = (b[at].toInt() xor (1 shl random.nextInt(8))).toByte() }
            }
            Damage.ZERO -> bytes.copyOf().also { b ->
                val at = random.nextInt(b.size); val n = minOf(b.size - at, 1 + random.nextInt(64)); where += at; where += n
                var changed = false
                for (i in at until at + n) { if (b[i] != 0.toByte()) changed = true; b[i] = 0 }
                if (!changed) b[at] = 1
            }
            Damage.TRUNCATE -> bytes.copyOf(random.nextInt(bytes.size))
            Damage.GARBAGE_TAIL -> bytes + ByteArray(1 + random.nextInt(100)) { random.nextInt(256).toByte() }
        }
        fs.write(file) { write(damaged) }
        return "$kind ${file.name} at $where (${bytes.size} -> ${damaged.size} bytes)"
    }

    fun sweep(name: String, seeds: List<Long>) {
        val figures = Figures()
        for (seed in seeds) withSeed(name, seed) {
            val (pristine, history, flushedUpTo) = buildStore(seed)
            val files = pristine.list(dir).filter { it.name != "LOCK" && pristine.metadata(it).size!! > 0 }
            // Undamaged, the store reopens to the final state (else the sweep would blame the damage).
            LsmStore.open(dir, options(pristine.liveCopy())).use { s ->
                val actual = readAll(s)
                val expected = history.modelAt(history.acked).contents()
                if (actual != expected) {
                    val key = firstDifferentKey(expected, actual)
                    throw AssertionError("the undamaged store reopens wrong: " + diff(expected, actual) + "; " +
                        (key?.let { history.story(it) } ?: "") + "; files: " +
                        files.joinToString(" ") { it.name + "(" + pristine.metadata(it).size + ")" })
                }
            }
            val random = Random(seed)
            repeat(if (Reliability.long) 400 else 80) { attempt ->
                val fs = pristine.liveCopy()
                val file = files[random.nextInt(files.size)]
                val kind = Damage.values()[random.nextInt(Damage.values().size)]
                val what = damage(fs, file, kind, random)
                val category = when {
                    file.name.endsWith(".sst") -> "table"
                    file.name.endsWith(".wal") || file.name.endsWith(".log") -> "wal"
                    file.name.startsWith("MANIFEST") -> "manifest"
                    file.name == "CURRENT" -> "current"
                    else -> "other"
                }
                figures.tried++
                figures.byKind.merge(category, 1, Int::plus)
                // A damaged log may lose the writes after the damage (tail recovery); nothing else may be lost.
                val lo = if (category == "wal") flushedUpTo else history.acked
                val allowed = Allowed(history, lo, history.acked)
                val context = "damage #$attempt: $what"
                val store = try {
                    LsmStore.open(dir, options(fs))
                } catch (e: LsmException) {
                    figures.refusedAtOpen++
                    if (e is CorruptionException && category != "current" && e.message?.contains(file.name) != true) {
                        println("[note] $context: CorruptionException does not name the file: ${e.message}")
                    }
                    null
                } catch (e: Throwable) {
                    throw AssertionError("$context: open threw $e, not an LsmException", e)
                }
                if (store != null) store.use { s ->
                    var clean = true
                    try {
                        val actual = readAll(s)
                        if (allowed.states.none { it == actual }) {
                            val key = firstDifferentKey(allowed.states.last(), actual)
                            throw AssertionError("$context: the store opened and scans to a state no model allows: " +
                                diff(allowed.states.last(), actual) + "; allowed writes $lo..${history.acked}; " +
                                (key?.let { history.story(it) } ?: "") + "; files before damage: " +
                                files.joinToString(" ") { it.name + "(" + pristine.metadata(it).size + ")" })
                        }
                    } catch (e: LsmException) {
                        clean = false
                    } catch (e: AssertionError) {
                        throw e
                    } catch (e: Throwable) {
                        throw AssertionError("$context: scan threw $e, not an LsmException", e)
                    }
                    for (k in allowed.keys) {
                        try {
                            val v = s.get(k.toByteArray())?.let { ByteString.of(*it) }
                            if (v !in allowed.valuesOf(k)) {
                                throw AssertionError("$context: get(${k.utf8()}) returned a wrong value (${v?.utf8()?.take(8)}, " +
                                    "${v?.size} bytes; allowed ${allowed.valuesOf(k).map { it?.utf8()?.take(8) }}); " + history.story(k) +
                                    "; files before damage: " + files.joinToString(" ") { it.name + "(" + pristine.metadata(it).size + ")" })
                            }
                        } catch (e: LsmException) {
                            clean = false
                        } catch (e: AssertionError) {
                            throw e
                        } catch (e: Throwable) {
                            throw AssertionError("$context: get threw $e, not an LsmException", e)
                        }
                    }
                    if (clean) figures.intact++ else figures.readErrors++
                }
                fs.checkNoOpenFiles()
            }
        }
        println("[figures] $name: $figures")
    }

    test("random damage to tables, logs and manifest never yields a wrong value or a non-LsmException") {
        encryption = null
        sweep("corruption sweep", Reliability.seeds(base = 5_500, ci = 3, factor = 10))
    }

    test("random damage to an encrypted store's tables, logs and manifest never yields a wrong value or a non-LsmException") {
        encryption = Encryption.aesGcm(ByteArray(16) { (it * 17).toByte() })
        try {
            sweep("corruption sweep (encrypted)", Reliability.seeds(base = 5_600, ci = 2, factor = 10))
        } finally {
            encryption = null
        }
    }
})
