// Typed maps stored in their own column family: every TypedMap operation there, the family's own
// TTL and typed Merge (given again after each open), history, and transactions.
package dev.cairn.lsm.coroutines

import app.cash.turbine.test
import dev.cairn.lsm.coroutines.testing.HandClock
import dev.cairn.lsm.coroutines.testing.openStore
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Duration
import java.time.Instant
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import okio.fakefilesystem.FakeFileSystem

class FamilyMapSpec : FunSpec({
    lateinit var fs: FakeFileSystem
    beforeTest { fs = FakeFileSystem() }
    afterTest { fs.checkNoOpenFiles() }

    test("a typed map in a family does what a prefix map does, and keeps apart from a prefix map of the same name") {
        val clock = HandClock(1_000_000)
        openStore(fs) { retainVersions = Duration.ofHours(1); this.clock = clock }.use { store ->
            val people = store.map<Pair<String, Int>, String>("people", family = store.family("people"))
            val prefixPeople = store.map<Pair<String, Int>, String>("people")
            people.put("acme" to 2, "Bo")
            people.put("acme" to 1, "Al")
            people.put("zeta" to 1, "Zed")
            prefixPeople.put("acme" to 1, "prefix")
            people["acme" to 1] shouldBe "Al"
            (("acme" to 3) in people) shouldBe false
            people.scan().map { it.key }.toList() shouldBe listOf("acme" to 1, "acme" to 2, "zeta" to 1)
            people.scan(from = "acme" to 2, reverse = true).map { it.value }.toList() shouldBe listOf("Zed", "Bo")
            people.scanPrefix("acme").map { it.value }.toList() shouldBe listOf("Al", "Bo")
            clock.now += 100
            people.update("acme" to 1) { it + "!" } shouldBe "Al!"
            people.getAsOf("acme" to 1, Instant.ofEpochMilli(1_000_050)) shouldBe "Al"
            people.observe("acme" to 2).test {
                awaitItem() shouldBe "Bo"
                prefixPeople.put("acme" to 2, "other map")
                people.delete("acme" to 2)
                awaitItem() shouldBe null
                cancelAndIgnoreRemainingEvents()
            }
            people.observeRange().map { list -> list.map { it.value } }.test {
                awaitItem() shouldBe listOf("Al!", "Zed")
                store.write { people.remove("zeta" to 1) }
                awaitItem() shouldBe listOf("Al!")
                cancelAndIgnoreRemainingEvents()
            }
            people.clear()
            people.scan().toList() shouldBe emptyList()
            prefixPeople["acme" to 1] shouldBe "prefix"
            people.toString() shouldBe "TypedMap(people in people)"
        }
    }

    test("a family with a TTL expires its map's entries while other data stays") {
        val clock = HandClock(5_000_000)
        openStore(fs) { this.clock = clock }.use { store ->
            val sessions = store.map<String, String>(
                "sessions",
                family = store.family("sessions") { ttl = Duration.ofMinutes(30) },
            )
            val users = store.map<String, String>("users")
            sessions.put("s1", "ada")
            users.put("ada", "Ada")
            clock.now += Duration.ofMinutes(20).toMillis()
            sessions.put("s2", "bob")
            sessions["s1"] shouldBe "ada"
            clock.now += Duration.ofMinutes(20).toMillis()
            sessions["s1"] shouldBe null
            sessions["s2"] shouldBe "bob"
            sessions.family!!.flush()
            sessions.family!!.compactRange()
            sessions.scan().map { it.key }.toList() shouldBe listOf("s2")
            users["ada"] shouldBe "Ada"
        }
    }

    test("counters in a family merge through the family's typed Merge, across flush, compaction and reopen") {
        val counting: FamilyConfig.() -> Unit = { merge(Merge<Long> { a, b -> a + b }) }
        openStore(fs).use { store ->
            val counters = store.map<String, Long>("counters", family = store.family("counters", counting))
            counters.merge("click", 1L)
            counters.merge("click", 2L)
            store.write { merge(counters, "view", 5L); merge(counters, "click", 10L) }
            counters["click"] shouldBe 13L
            counters.family!!.flush()
            counters.merge("view", 1L)
            counters.family!!.compactRange()
            counters.scan().map { it.key to it.value }.toList() shouldBe listOf("click" to 13L, "view" to 6L)
        }
        openStore(fs).use { store ->
            val bare = store.map<String, Long>("counters", family = store.family("counters"))
            shouldThrow<IllegalStateException> { bare.merge("click", 1L) }.message shouldContain "after each open"
            val counters = store.map<String, Long>("counters", family = store.family("counters", counting))
            counters.merge("click", 1L)
            counters["click"] shouldBe 14L
        }
    }

    test("a map in a family has a history and takes part in transactions as a prefix map does") {
        val clock = HandClock(2_000_000)
        openStore(fs) { retainVersions = Duration.ofHours(1); this.clock = clock }.use { store ->
            val inFamily = store.map<String, String>("notes", family = store.family("notes"))
            val prefixNotes = store.map<String, String>("notes")
            inFamily.put("k", "v1")
            clock.now += 10
            store.transaction { tx ->
                inFamily.get(tx, "k") shouldBe "v1"
                inFamily.put(tx, "k", "v2")
                prefixNotes.put(tx, "k", "prefix")
                inFamily.get(tx, "k") shouldBe "v2"
            }
            clock.now += 10
            store.transaction { tx -> inFamily.remove(tx, "k") }
            inFamily["k"] shouldBe null
            prefixNotes["k"] shouldBe "prefix"
            inFamily.history("k").map { it.value }.toList() shouldBe listOf(null, "v2", "v1")
            prefixNotes.history("k").map { it.value }.toList() shouldBe listOf("prefix")
        }
    }
})
