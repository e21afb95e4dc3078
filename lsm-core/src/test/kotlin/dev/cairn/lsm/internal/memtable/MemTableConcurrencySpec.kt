// Specification of the memtable's one-writer, many-readers contract: readers that never lock,
// running while the writer inserts, always iterate in order, in both directions, and find every
// entry whose insert finished before they looked.
package dev.cairn.lsm.internal.memtable

import dev.cairn.lsm.internal.key.InternalKey
import dev.cairn.lsm.internal.key.ValueKind
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.concurrent.CountDownLatch
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference
import kotlin.random.Random

class MemTableConcurrencySpec : FunSpec({

    test("readers beside the writer iterate in order and see every entry added before they looked") {
        val seed = 515_2026L
        withClue("seed=$seed") {
            val random = Random(seed)
            val keys = PrefixHeavyKeys(random)
            val total = 30_000
            val writtenFirst = 3_000
            val written = Array(total) { i -> InternalKey.encode(keys.next(), i + 1L, ValueKind.PUT) }
            val memTable = MemTable(1, 4096, 8L shl 20)
            for (i in 0 until writtenFirst) memTable.add(written[i], byteArrayOf(1), i.toLong())
            val firstSorted = written.copyOfRange(0, writtenFirst).sortedWith(InternalKey.COMPARATOR)

            val published = AtomicInteger(writtenFirst)
            val writerDone = AtomicBoolean(false)
            val failure = AtomicReference<Throwable>()
            val start = CountDownLatch(1)
            val readers = List(2) { r ->
                Thread {
                    try {
                        start.await()
                        val probe = Random(seed + r)
                        var scans = 0
                        while (!writerDone.get() || scans < 3) {
                            val seen = published.get()
                            memTable.iterator().use { it ->
                                // Forward: strictly increasing, and the entries written before the readers started are all there.
                                it.seekToFirst()
                                var previous: ByteArray? = null
                                var count = 0
                                var matched = 0
                                while (it.isValid) {
                                    val k = it.key()
                                    if (previous != null) check(InternalKey.compare(previous, k) < 0) { "out of order after ${previous.toList()}" }
                                    if (matched < firstSorted.size) {
                                        val c = InternalKey.compare(firstSorted[matched], k)
                                        check(c >= 0) { "missed ${firstSorted[matched].toList()}" }
                                        if (c == 0) matched++
                                    }
                                    previous = k
                                    count++
                                    it.next()
                                }
                                check(matched == firstSorted.size) { "missed ${firstSorted[matched].toList()}" }
                                check(count >= seen) { "scan saw $count entries, $seen were published" }
                                // Every entry published before this look is found by an exact seek and by seekForPrev.
                                repeat(50) { _ ->
                                    val want = written[probe.nextInt(seen)]
                                    it.seek(want)
                                    check(it.isValid && it.key().contentEquals(want)) { "seek missed ${want.toList()}" }
                                    it.seekForPrev(want)
                                    check(it.isValid && it.key().contentEquals(want)) { "seekForPrev missed ${want.toList()}" }
                                }
                                // Backward from the end: strictly decreasing.
                                it.seekToLast()
                                var after: ByteArray? = null
                                var steps = 0
                                while (it.isValid && steps < 500) {
                                    val k = it.key()
                                    if (after != null) check(InternalKey.compare(k, after) < 0) { "prev out of order before ${after.toList()}" }
                                    after = k
                                    steps++
                                    it.prev()
                                }
                            }
                            scans++
                        }
                    } catch (t: Throwable) {
                        failure.compareAndSet(null, t)
                    }
                }.apply { start() }
            }
            start.countDown()
            for (i in writtenFirst until total) {
                memTable.add(written[i], byteArrayOf(1), i.toLong())
                published.set(i + 1)
            }
            writerDone.set(true)
            readers.forEach { it.join() }
            failure.get()?.let { throw AssertionError("seed=$seed: reader failed", it) }
            memTable.entryCount() shouldBe total
        }
    }
})
