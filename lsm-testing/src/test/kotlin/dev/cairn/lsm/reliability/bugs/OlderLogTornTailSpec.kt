// Engine bug, found by CorruptionSweepSpec (seed 5501): recovery treats a torn tail in ANY
// write-ahead log as the tolerated crash case, not just in the newest one. When an older log
// (synced and closed at its memtable switch, so a crash cannot tear it) is truncated, recovery
// drops its tail silently and then replays the newer log, so the store opens in a state that was
// never real: later writes present, earlier ones missing. WalRecoveryMode's documentation says
// damage anywhere but the end of the newest log is a CorruptionException. The same holds for an
// older log cut exactly at a record boundary, where no torn record shows: the next log then starts
// past the sequence numbers the cut one ends with.
package dev.cairn.lsm.reliability.bugs

import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.LsmException
import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.reliability.StoreConfigs
import dev.cairn.lsm.testing.CrashFileSystem
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import okio.Path
import okio.Path.Companion.toPath

/** A store whose writes a and b fill its first log and c and d go to the next; the older log. */
private class TwoLogs {
    val fs = CrashFileSystem()
    val dir = "/db".toPath()
    private val options = StoreConfigs.tiny(fs).toBuilder().scheduler(HeldScheduler()).build()
    val older: Path

    init {
        LsmStore.open(dir, options).use { store ->
            // 4096-byte memtable, flushes held: a and b fill the first log, c and d go to the next.
            for (k in listOf("a", "b", "c", "d")) store.put(k.encodeToByteArray(), ByteArray(3000) { k[0].code.toByte() })
        }
        val logs = fs.list(dir).filter { it.name.endsWith(".wal") && fs.metadata(it).size!! > 0 }.sortedBy { it.name }
        (logs.size >= 2) shouldBe true
        older = logs.first()
    }

    /** Reopens the store (background work running) and reports which of a, b, c, d it holds. */
    fun reopenAndFind(): List<Boolean> =
        LsmStore.open(dir, options.toBuilder().scheduler(null).build()).use { store ->
            listOf("a", "b", "c", "d").map { store.get(it.encodeToByteArray()) != null }
        }
}

class OlderLogTornTailSpec : FunSpec({

    test("a torn tail in a log that is not the newest is refused, not silently dropped") {
        val store = TwoLogs()
        val fs = store.fs
        val older = store.older
        val bytes = fs.read(older) { readByteArray() }
        fs.write(older) { write(bytes, 0, bytes.size - 100) }

        val outcome = try {
            store.reopenAndFind()
        } catch (e: CorruptionException) {
            null
        } catch (e: LsmException) {
            throw AssertionError("expected a CorruptionException, got $e", e)
        }
        // Either refused, or a real prefix of the writes: never b missing while c or d is there.
        if (outcome != null) {
            val (_, b, c, d) = outcome
            (b || (!c && !d)) shouldBe true
        }
    }

    test("an older log cut exactly at a record boundary is refused, not replayed with newer logs on top") {
        val store = TwoLogs()
        val fs = store.fs
        val older = store.older
        val bytes = fs.read(older) { readByteArray() }
        // Keep the first record whole (7-byte header, then its payload) and nothing after it:
        // no torn record is left to see, only a log that ends early.
        val firstRecordEnd = 7 + (((bytes[4].toInt() and 0xFF) shl 8) or (bytes[5].toInt() and 0xFF))
        (firstRecordEnd < bytes.size) shouldBe true
        fs.write(older) { write(bytes, 0, firstRecordEnd) }

        val outcome = try {
            store.reopenAndFind()
        } catch (e: CorruptionException) {
            (older.name in e.message!!) shouldBe true
            null
        }
        // Refused; a store with c or d but not b would be a state that never existed.
        outcome shouldBe null
    }
})
