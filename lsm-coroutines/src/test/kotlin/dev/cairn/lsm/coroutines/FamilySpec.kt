// Column families from Kotlin: Store.family finds or creates a family, families survive a reopen
// with their options, Store.write spans families atomically, observers are isolated per family,
// drop frees a family, and bad input is refused before anything is written.
package dev.cairn.lsm.coroutines

import app.cash.turbine.test
import dev.cairn.lsm.ColumnFamily
import dev.cairn.lsm.CompactionStrategy
import dev.cairn.lsm.Limits
import dev.cairn.lsm.coroutines.internal.store.Watch
import dev.cairn.lsm.coroutines.testing.b
import dev.cairn.lsm.coroutines.testing.openStore
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Duration
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

class FamilySpec : FunSpec({
    lateinit var fs: FakeFileSystem
    beforeTest { fs = FakeFileSystem() }
    afterTest { fs.checkNoOpenFiles() }

    test("families keep their data apart, and survive a reopen with their data and options") {
        openStore(fs).use { store ->
            val events = store.family("events") {
                compaction = CompactionStrategy.timeWindow(Duration.ofHours(1))
                memtableSizeBytes = 64L shl 10
            }
            events.name shouldBe "events"
            events.isDefault shouldBe false
            store.put("k".b, "default".b)
            events.put("k".b, "event".b)
            events.put("l".b, "event-l".b)
            events.flush()
            store.get("k".b)!!.decodeToString() shouldBe "default"
            events.get("k".b)!!.decodeToString() shouldBe "event"
            ("l".b in events) shouldBe true
            store.contains("l".b) shouldBe false
            store.family("events") shouldBe events
        }
        openStore(fs).use { store ->
            store.families().map { it.name } shouldBe listOf(ColumnFamily.DEFAULT_NAME, "events")
            val events = store.family("events")
            events.scan().map { it.key.decodeToString() to it.value.decodeToString() }.toList() shouldBe
                listOf("k" to "event", "l" to "event-l")
            events.scanPrefix("l".b).toList().size shouldBe 1
            events.scan(reverse = true).map { it.key.decodeToString() }.toList() shouldBe listOf("l", "k")
            events.stats().tableCount() shouldBe 1 // the family's own table, flushed before the reopen
            store.get("k".b)!!.decodeToString() shouldBe "default"
            events.compactRange()
            events.get("l".b)!!.decodeToString() shouldBe "event-l"
        }
    }

    test("a family's compaction advice counts the writes and reads made through the family's Kotlin face") {
        openStore(fs).use { store ->
            val events = store.family("events") { compaction = CompactionStrategy.leveled() }
            for (i in 0 until 200) events.put("k$i".b, "v$i".b)
            for (i in 0 until 50) events.get("k$i".b)
            val advice = events.compactionAdvice()
            advice.family() shouldBe "events"
            advice.current().kind() shouldBe CompactionStrategy.Kind.LEVELED
            advice.measurements().puts() shouldBe 200L
            advice.measurements().pointReads() shouldBe 50L
            advice.predictions().size shouldBe 3
            store.family(ColumnFamily.DEFAULT_NAME).compactionAdvice().measurements().puts() shouldBe 0L
            events.drop()
            shouldThrow<IllegalArgumentException> { events.compactionAdvice() }
        }
    }

    test("one Store.write spanning families and typed maps is all there after a reopen, or none of it is written") {
        openStore(fs).use { store ->
            val a = store.family("a")
            val b = store.family("b")
            val users = store.map<Int, String>("users")
            val scores = store.map<String, Long>("scores", family = b)
            store.write {
                put("raw".b, "0".b)
                put(a, "x".b, "1".b)
                users[7] = "Ada"
                scores["ada"] = 10L
            }
            shouldThrow<IllegalArgumentException> {
                store.write {
                    put(a, "y".b, "2".b)
                    scores["bob"] = 3L
                    put(b, ByteArray(Limits.MAX_KEY_SIZE + 1), "too long".b)
                }
            }
            a.get("y".b) shouldBe null
            scores["bob"] shouldBe null
            store.write {
                delete(a, "x".b)
                deleteRange(b, ByteArray(0), ByteArray(16) { 0xFF.toByte() })
                users.remove(7)
            }
            scores["ada"] shouldBe null
            store.write { put(a, "x".b, "3".b); scores["cy"] = 5L }
        }
        openStore(fs).use { store ->
            store.get("raw".b)!!.decodeToString() shouldBe "0"
            store.family("a").get("x".b)!!.decodeToString() shouldBe "3"
            store.map<Int, String>("users")[7] shouldBe null
            store.map<String, Long>("scores", family = store.family("b")).scan().map { it.key to it.value }.toList() shouldBe
                listOf("cy" to 5L)
        }
    }

    test("a write to key K in one family never signals an observer of K in another family or the default one") {
        openStore(fs).use { store ->
            val a = store.family("a")
            val b = store.family("b")
            val k = "k".b
            fun touches(watch: Watch, block: WriteScope.() -> Unit) = WriteScope(store).apply(block).touched.touches(watch)
            touches(Watch.key(k, "a")) { put(b, k, "v".b) } shouldBe false
            touches(Watch.key(k, "a")) { put(k, "v".b) } shouldBe false
            touches(Watch.key(k)) { put(a, k, "v".b) } shouldBe false
            touches(Watch.range("a".b, "z".b, "b")) { deleteRange(a, "a".b, "z".b) } shouldBe false
            touches(Watch.key(k, "a")) { put(k, "v".b); put(a, k, "v".b) } shouldBe true
            touches(Watch.range("a".b, "z".b, "b")) { put(a, k, "v".b); deleteRange(b, "j".b, "l".b) } shouldBe true
            touches(Watch.key(k)) { put(a, k, "v".b); put(k, "v".b) } shouldBe true

            a.observe(k).map { it?.decodeToString() }.test {
                awaitItem() shouldBe null
                b.put(k, "b1".b)
                store.put(k, "d1".b)
                a.put(k, "a1".b)
                awaitItem() shouldBe "a1"
                cancelAndIgnoreRemainingEvents()
            }
            b.observeRange().map { list -> list.map { it.value.decodeToString() } }.test {
                awaitItem() shouldBe listOf("b1")
                a.delete(k)
                b.put("m".b, "b2".b)
                awaitItem() shouldBe listOf("b1", "b2")
                cancelAndIgnoreRemainingEvents()
            }
        }
    }

    test("setOptions changes a live family; drop deletes its data and refuses its handle; the name can be made again, empty") {
        openStore(fs).use { store ->
            val logs = store.family("logs")
            logs.setOptions { compaction = CompactionStrategy.sizeTiered(); bloomBitsPerKey = 12 }
            logs.put("a".b, "1".b)
            logs.flush()
            val map = store.map<String, String>("entries", family = store.family("entries"))
            map.put("x", "y")
            store.dropFamily(logs)
            store.families().map { it.name } shouldBe listOf(ColumnFamily.DEFAULT_NAME, "entries")
            shouldThrow<IllegalArgumentException> { logs.get("a".b) }.message shouldContain "dropped"
            shouldThrow<IllegalArgumentException> { logs.put("a".b, "2".b) }.message shouldContain "dropped"
            shouldThrow<IllegalArgumentException> { store.write { put(logs, "a".b, "2".b) } }
            shouldThrow<IllegalArgumentException> { logs.drop() }
            val again = store.family("logs")
            again.get("a".b) shouldBe null
            map.family!!.drop()
            shouldThrow<IllegalArgumentException> { map["x"] }.message shouldContain "dropped"
            shouldThrow<IllegalArgumentException> { store.write { map["x"] = "z" } }.message shouldContain "dropped"
        }
        openStore(fs).use { store ->
            store.families().map { it.name } shouldBe listOf(ColumnFamily.DEFAULT_NAME, "logs")
            store.family("logs").get("a".b) shouldBe null
        }
    }

    test("bad input is refused with IllegalArgumentException before anything is written") {
        openStore(fs).use { store ->
            shouldThrow<IllegalArgumentException> { store.family("") }
            shouldThrow<IllegalArgumentException> { store.family("x".repeat(256)) }
            shouldThrow<IllegalArgumentException> { store.family("bad") { bloomBitsPerKey = 99 } }
            shouldThrow<IllegalArgumentException> { store.family("bad") { ttl = Duration.ofSeconds(-1) } }
            store.families().map { it.name } shouldBe listOf(ColumnFamily.DEFAULT_NAME)
            shouldThrow<IllegalArgumentException> { store.family(ColumnFamily.DEFAULT_NAME).drop() }
            val users = store.family("users")
            store.map<Int, String>("users", family = users)
            store.map<Int, String>("users", family = users) // the same name again is the same map
            shouldThrow<IllegalArgumentException> { store.map<Int, String>("admins", family = users) }.message shouldContain
                "already holds typed map 'users'"
            shouldThrow<IllegalArgumentException> {
                store.map<Int, String>("d", family = store.family(ColumnFamily.DEFAULT_NAME))
            }.message shouldContain "default column family"
            openStore(fs, dir = "/other".toPath()).use { other ->
                shouldThrow<IllegalArgumentException> { other.write { put(users, "k".b, "v".b) } }.message shouldContain
                    "cannot span stores"
                shouldThrow<IllegalArgumentException> { other.map<Int, String>("users", family = users) }
            }
            shouldThrow<IllegalArgumentException> { users.merge("k".b, "1".b) } // no merge operator
            users.get("k".b) shouldBe null
        }
    }
})
