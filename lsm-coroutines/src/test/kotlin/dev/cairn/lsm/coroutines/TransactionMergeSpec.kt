// Merges inside Store.transaction: typed (Merge<V> on a map) and raw, read back folded inside the
// block, committed as operands, validated as writes (a conflicting commit runs the block again),
// and a read-only block as of an instant.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.MergeOperators
import dev.cairn.lsm.TransactionOptions
import dev.cairn.lsm.coroutines.testing.b
import dev.cairn.lsm.coroutines.testing.openStore
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import okio.fakefilesystem.FakeFileSystem

/** A clock the spec moves by hand. */
private class StepClock(var now: Long) : Clock() {
    override fun millis(): Long = now
    override fun instant(): Instant = Instant.ofEpochMilli(now)
    override fun getZone(): ZoneId = ZoneOffset.UTC
    override fun withZone(zone: ZoneId?): Clock = this
}

class TransactionMergeSpec : FunSpec({
    lateinit var fs: FakeFileSystem
    beforeTest { fs = FakeFileSystem() }
    afterTest { fs.checkNoOpenFiles() }

    test("a typed merge in a transaction is read back folded inside the block and committed as an operand") {
        openStore(fs) { merge("counters", Merge<Long> { a, b -> a + b }); merge("tags", Merge<Set<String>> { a, b -> a + b }) }.use { store ->
            val counters = store.map<String, Long>("counters")
            val tags = store.map<Int, Set<String>>("tags")
            counters.put("home", 10L)
            val seen = store.transaction { tx ->
                counters.merge(tx, "home", 2L)
                counters.merge(tx, "home", 3L)
                counters.merge(tx, "new", 1L)
                tags.merge(tx, 1, setOf("a"))
                tags.merge(tx, 1, setOf("b"))
                Triple(counters.get(tx, "home"), counters.get(tx, "new"), tags.get(tx, 1))
            }
            seen shouldBe Triple(15L, 1L, setOf("a", "b"))
            counters["home"] shouldBe 15L
            counters.merge("home", 1L) // operands committed by the transaction fold with later ones
            counters["home"] shouldBe 16L
            tags[1] shouldBe setOf("a", "b")
            val plain = store.map<String, Long>("plain")
            shouldThrow<IllegalStateException> { store.transaction { tx -> plain.merge(tx, "x", 1L) } }.message shouldContain "Merge<V>"
        }
    }

    test("transactions that merge a counter and read it run again on conflict: 8 writers, exact totals") {
        openStore(fs) { merge("counters", Merge<Long> { a, b -> a + b }) }.use { store ->
            val counters = store.map<String, Long>("counters")
            coroutineScope {
                (0 until 8).map { w ->
                    async(Dispatchers.Default) {
                        repeat(25) { i ->
                            store.transaction(maxAttempts = 1_000) { tx ->
                                counters.merge(tx, "total", 1L)
                                counters.merge(tx, "w$w", 1L)
                                check(counters.get(tx, "w$w")!! == i + 1L) // own merge over own committed count
                            }
                        }
                    }
                }.awaitAll()
            }
            counters["total"] shouldBe 200L
            (0 until 8).sumOf { counters["w$it"]!! } shouldBe 200L
        }
    }

    test("raw merges in a block use the store's mergeOperator; a read-only block reads as of an instant") {
        val clock = StepClock(3_000_000)
        openStore(fs) { mergeOperator = MergeOperators.uint64Add(); retainVersions = Duration.ofHours(1); this.clock = clock }.use { store ->
            store.transaction { tx -> tx.merge("c".b, MergeOperators.uint64(5)); tx.merge("c".b, MergeOperators.uint64(6)) }
            clock.now += 1_000
            store.merge("c".b, MergeOperators.uint64(100))
            MergeOperators.uint64Value(store.get("c".b)!!) shouldBe 111L
            val past = store.transaction(TransactionOptions.readOnly().asOf(Instant.ofEpochMilli(3_000_500))) { tx ->
                MergeOperators.uint64Value(tx.get("c".b)!!)
            }
            past shouldBe 11L
        }
    }
})
