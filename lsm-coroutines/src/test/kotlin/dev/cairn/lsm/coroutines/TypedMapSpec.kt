// TypedMap: typed get/put/delete/update, scans in the order of key values, prefix scans,
// typed writes in atomic batches, observation, isolation of maps, corrupt values.
package dev.cairn.lsm.coroutines

import app.cash.turbine.test
import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.coroutines.internal.store.ByteKeys
import dev.cairn.lsm.coroutines.testing.b
import dev.cairn.lsm.coroutines.testing.openStore
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.serialization.Serializable
import okio.fakefilesystem.FakeFileSystem

@Serializable
@JvmInline
value class UserId(val id: Long)

@Serializable
data class User(val name: String, val visits: Int = 0)

@Serializable
data class OrderKey(val customer: String, val number: Int)

class TypedMapSpec : FunSpec({
    lateinit var fs: FakeFileSystem
    beforeTest { fs = FakeFileSystem() }
    afterTest { fs.checkNoOpenFiles() }

    test("get, put, contains and delete work with typed keys and values") {
        openStore(fs).use { store ->
            val users = store.map<UserId, User>("users")
            users.get(UserId(7)) shouldBe null
            users.put(UserId(7), User("Ada"))
            users.get(UserId(7)) shouldBe User("Ada")
            users.contains(UserId(7)) shouldBe true
            (UserId(7) in users) shouldBe true
            users[UserId(7)] shouldBe User("Ada")
            users.delete(UserId(7))
            users.contains(UserId(7)) shouldBe false
        }
    }

    test("scan returns entries in the order of the keys' values, mixed signs included") {
        openStore(fs).use { store ->
            val byNumber = store.map<Long, String>("numbers")
            val numbers = listOf(5L, -1L, 0L, Long.MIN_VALUE, 300L, -300L, Long.MAX_VALUE, 1L)
            for (n in numbers) byNumber.put(n, "$n")
            byNumber.scan().map { it.key }.toList() shouldBe numbers.sorted()
            byNumber.scan(from = -1L, to = 300L).map { it.key }.toList() shouldBe listOf(-1L, 0L, 1L, 5L)
            byNumber.scan(reverse = true).map { it.key }.toList() shouldBe numbers.sortedDescending()
            val (k, v) = byNumber.scan(from = 5L).toList().first()
            k shouldBe 5L
            v shouldBe "5"

            val doubles = store.map<Double, Int>("doubles")
            val ds = listOf(2.5, -0.0, Double.NEGATIVE_INFINITY, -3.25, 0.0, Double.POSITIVE_INFINITY, 1e-300)
            ds.forEachIndexed { i, d -> doubles.put(d, i) }
            doubles.scan().map { it.key }.toList() shouldBe ds.sortedWith(Comparator { a, b -> a.compareTo(b) })
        }
    }

    test("strings with shared prefixes sort with the prefix first") {
        openStore(fs).use { store ->
            val words = store.map<String, Int>("words")
            val ws = listOf("abc", "ab", "", "b", "abd", "a", "ab\u0000", "é", "z")
            ws.forEachIndexed { i, w -> words.put(w, i) }
            words.scan().map { it.key }.toList() shouldBe listOf("", "a", "ab", "ab\u0000", "abc", "abd", "b", "z", "é")
            words.scanPrefix("ab").map { it.key }.toList() shouldBe listOf("ab", "ab\u0000", "abc", "abd")
        }
    }

    test("composite data-class keys sort field by field, and scanPrefix selects by leading field") {
        openStore(fs).use { store ->
            val orders = store.map<OrderKey, String>("orders")
            val keys = listOf(OrderKey("bob", 2), OrderKey("al", 10), OrderKey("bob", -1), OrderKey("alice", 1), OrderKey("al", -5))
            for (k in keys) orders.put(k, "${k.customer}#${k.number}")
            orders.scan().map { it.key }.toList() shouldBe
                listOf(OrderKey("al", -5), OrderKey("al", 10), OrderKey("alice", 1), OrderKey("bob", -1), OrderKey("bob", 2))
            orders.scanPrefix("al").map { it.value }.toList() shouldBe listOf("al#-5", "al#10")
            orders.scanPrefix("bob", reverse = true).map { it.value }.toList() shouldBe listOf("bob#2", "bob#-1")
            orders.scan(from = OrderKey("al", 0), to = OrderKey("bob", 0)).map { it.value }.toList() shouldBe
                listOf("al#10", "alice#1", "bob#-1")
        }
    }

    test("maps are isolated by name, even when one name is a prefix of another") {
        openStore(fs).use { store ->
            val a = store.map<String, Int>("a")
            val ab = store.map<String, Int>("ab")
            a.put("x", 1)
            ab.put("x", 2)
            a.scan().toList() shouldBe listOf(TypedEntry("x", 1))
            ab.scan().toList() shouldBe listOf(TypedEntry("x", 2))
            a.clear()
            a.scan().toList() shouldBe emptyList()
            ab.get("x") shouldBe 2
        }
    }

    test("one write block spans maps atomically") {
        openStore(fs).use { store ->
            val users = store.map<UserId, User>("users")
            val names = store.map<String, UserId>("names")
            users.put(UserId(7), User("Ada"))
            store.write {
                users[UserId(8)] = User("Grace")
                names["grace"] = UserId(8)
                users.remove(UserId(7))
                put("raw".b, "bytes".b)
            }
            users.scan().map { it.key }.toList() shouldBe listOf(UserId(8))
            names.get("grace") shouldBe UserId(8)
            store.get("raw".b)!!.decodeToString() shouldBe "bytes"
        }
    }

    test("update is atomic with respect to other updates") {
        openStore(fs).use { store ->
            val users = store.map<UserId, User>("users")
            users.put(UserId(1), User("Ada"))
            coroutineScope {
                (1..100).map {
                    async { users.update(UserId(1)) { it!!.copy(visits = it.visits + 1) } }
                }.awaitAll()
            }
            users.get(UserId(1)) shouldBe User("Ada", visits = 100)
            users.update(UserId(1)) { null } shouldBe null
            users.contains(UserId(1)) shouldBe false
        }
    }

    test("an update inside another update's transform is refused") {
        openStore(fs).use { store ->
            val m = store.map<Int, Int>("m")
            shouldThrow<IllegalStateException> { m.update(1) { m.update(2) { 0 }; 1 } }
        }
    }

    test("observe and observeRange follow typed changes") {
        openStore(fs).use { store ->
            val users = store.map<UserId, User>("users")
            users.observe(UserId(7)).test {
                awaitItem() shouldBe null
                users.put(UserId(7), User("Ada"))
                awaitItem() shouldBe User("Ada")
                users.update(UserId(7)) { it?.copy(name = "Ada L.") }
                awaitItem() shouldBe User("Ada L.")
                users.put(UserId(8), User("Grace"))
                store.write { users.remove(UserId(7)) }
                awaitItem() shouldBe null
                cancelAndIgnoreRemainingEvents()
            }
            users.observeRange().test {
                awaitItem().map { it.value.name } shouldBe listOf("Grace")
                users.put(UserId(1), User("Linus"))
                awaitItem().map { it.value.name } shouldBe listOf("Linus", "Grace")
                cancelAndIgnoreRemainingEvents()
            }
        }
    }

    test("a value that does not decode raises CorruptionException naming the map") {
        openStore(fs).use { store ->
            val users = store.map<UserId, User>("users")
            users.put(UserId(1), User("Ada"))
            val key = ByteKeys.mapPrefix("users") + OrderedKeyFormat.encodeToByteArray(UserId.serializer(), UserId(1))
            store.put(key, byteArrayOf(0x12, 0x7F))
            val e = shouldThrow<CorruptionException> { users.get(UserId(1)) }
            e.message shouldContain "map 'users'"
        }
    }
})
