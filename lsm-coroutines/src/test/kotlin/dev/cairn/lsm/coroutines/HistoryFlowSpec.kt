// Versioned reads from Kotlin: Store.history and TypedMap.history as Flows, reads as of an
// instant, with a test clock (no sleeps).
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.coroutines.testing.HandClock
import dev.cairn.lsm.coroutines.testing.b
import dev.cairn.lsm.coroutines.testing.openStore
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Duration
import java.time.Instant
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import okio.fakefilesystem.FakeFileSystem

class HistoryFlowSpec : FunSpec({
    lateinit var fs: FakeFileSystem
    beforeTest { fs = FakeFileSystem() }
    afterTest { fs.checkNoOpenFiles() }

    test("store.history is a Flow of versions, newest first, with deletions, across a flush") {
        val clock = HandClock(1_000_000)
        openStore(fs) { retainVersions = Duration.ofHours(1); this.clock = clock }.use { store ->
            store.put("k".b, "one".b)
            clock.now += 10
            store.put("k".b, "two".b)
            store.flush()
            clock.now += 10
            store.delete("k".b)
            clock.now += 10
            store.deleteRange("a".b, "z".b) // the key was already gone: no version
            store.put("j".b, "other".b)
            store.history("k".b).map { it.timestamp().toEpochMilli() to it.value()?.decodeToString() }.toList() shouldBe
                listOf(1_000_020L to null, 1_000_010L to "two", 1_000_000L to "one")
            store.history("k".b).first().isDeletion shouldBe true
            store.history(null, null).map { it.key().decodeToString() }.toList() shouldBe listOf("j", "k", "k", "k")
            store.getAsOf("k".b, Instant.ofEpochMilli(1_000_015))!!.decodeToString() shouldBe "two"
            store.getAsOf("k".b, Instant.ofEpochMilli(1_000_030)) shouldBe null
        }
    }

    test("map.history decodes each version; a deletion has no value") {
        val clock = HandClock(5_000_000)
        openStore(fs) { retainVersions = Duration.ofMinutes(5); this.clock = clock }.use { store ->
            val users = store.map<UserId, User>("users")
            users.put(UserId(1), User("Ada"))
            clock.now += 1_000
            users.update(UserId(1)) { it!!.copy(visits = it.visits + 1) }
            clock.now += 1_000
            users.delete(UserId(1))
            users.history(UserId(1)).toList() shouldBe listOf(
                TypedVersion(Instant.ofEpochMilli(5_002_000), null),
                TypedVersion(Instant.ofEpochMilli(5_001_000), User("Ada", 1)),
                TypedVersion(Instant.ofEpochMilli(5_000_000), User("Ada")),
            )
            users.getAsOf(UserId(1), Instant.ofEpochMilli(5_001_500)) shouldBe User("Ada", 1)
            users.history(UserId(2)).toList() shouldBe emptyList()
            clock.now += 10 * 60_000
            shouldThrow<IllegalArgumentException> { users.getAsOf(UserId(1), Instant.ofEpochMilli(5_001_500)) }
                .message shouldContain "retention window"
        }
    }

    test("history(from, to) emits lazily: take(3) of a long history reads a small part of the tables") {
        val clock = HandClock(7_000_000)
        openStore(fs) { retainVersions = Duration.ofHours(1); this.clock = clock; memtableSizeBytes = 256L * 1024; blockCacheBytes = 0 }.use { store ->
            for (round in 0 until 3) {
                for (start in 0 until 30_000 step 1_000) {
                    store.write { for (i in start until start + 1_000) put("k%05d".format(i).b, "v$round-$i".b) }
                }
                clock.now += 1_000
            }
            store.compactRange() // a few large tables: a prefix meets each table's first blocks only
            val before = store.stats().tableBytesRead()
            val first = store.history(null, null).take(3).map { it.key().decodeToString() to it.value()!!.decodeToString() }.toList()
            val prefixRead = store.stats().tableBytesRead() - before
            val all = store.history(null, null).map { it.key().decodeToString() to it.value()!!.decodeToString() }.toList()
            val allRead = store.stats().tableBytesRead() - before - prefixRead
            first shouldBe listOf("k00000" to "v2-0", "k00000" to "v1-0", "k00000" to "v0-0")
            all.size shouldBe 90_000
            all.take(3) shouldBe first
            println("HistoryFlowSpec: take(3) read $prefixRead table bytes, the whole history $allRead")
            (prefixRead * 10 < allRead) shouldBe true
        }
    }

    test("history on a store that does not retain versions fails when collected, saying why") {
        openStore(fs).use { store ->
            shouldThrow<IllegalArgumentException> { store.history("k".b).toList() }
                .message shouldContain "retainVersions"
        }
    }
})
