// History and asOf reads of keys written with merge operands: each operand is a version whose
// value is what a read at its commit saw (the fold of everything below it), across a flush and a
// compaction that keep the window's versions, and a range delete between operands.
package dev.cairn.lsm.versions

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.MergeOperators
import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.engine.MutableClock
import dev.cairn.lsm.engine.SynchronizedFileSystem
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.time.Duration
import java.time.Instant
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

private fun b(s: String) = s.toByteArray()

private fun u64(v: Long): ByteArray = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array()

private fun ByteArray.u64(): Long = ByteBuffer.wrap(this).order(ByteOrder.LITTLE_ENDIAN).long

class MergedHistorySpec : FunSpec({
    test("history lists each merge operand as the counter's value after it, newest first, across flush and compaction") {
        val fs = SynchronizedFileSystem(FakeFileSystem())
        val clock = MutableClock(5_000_000)
        val options = StoreOptions.builder().fileSystem(fs).clock(clock).memtableSizeBytes(64 * 1024)
            .retainVersions(Duration.ofHours(1)).mergeOperator(MergeOperators.uint64Add()).build()
        LsmStore.open("/db".toPath(), options).use { db ->
            db.put(b("c"), u64(10))          // t=5_000_000: 10
            clock.advance(10)
            db.merge(b("c"), u64(1))         // t+10: 11
            clock.advance(10)
            db.merge(b("c"), u64(5))         // 16
            db.flush()
            clock.advance(10)
            db.deleteRange(b("c"), b("d"))   // deleted
            clock.advance(10)
            db.merge(b("c"), u64(2))         // 2 (nothing below)
            clock.advance(10)
            db.merge(b("c"), u64(3))         // 5
            db.flush()
            db.compactRange(null, null)

            val h = db.history(b("c"))
            h.map { it.value()?.u64() } shouldBe listOf(5L, 2L, null, 16L, 11L, 10L)
            h.map { it.timestamp().toEpochMilli() } shouldBe
                listOf(5_000_050L, 5_000_040L, 5_000_030L, 5_000_020L, 5_000_010L, 5_000_000L)
            db.get(b("c"))!!.u64() shouldBe 5L
            db.get(b("c"), ReadOptions.asOf(Instant.ofEpochMilli(5_000_010)))!!.u64() shouldBe 11L
            db.get(b("c"), ReadOptions.asOf(Instant.ofEpochMilli(5_000_025)))!!.u64() shouldBe 16L
            db.get(b("c"), ReadOptions.asOf(Instant.ofEpochMilli(5_000_035))) shouldBe null
            db.get(b("c"), ReadOptions.asOf(Instant.ofEpochMilli(5_000_045)))!!.u64() shouldBe 2L
        }
    }
})
