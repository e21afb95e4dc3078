// Specification of the KeyValueStore<Bytes, byte[]> contract, run over Cairn and over Kafka's
// RocksDB store with the same calls: each case must hold for both, so Cairn behaves as the store
// it replaces (null keys, inclusive ranges, reversed bounds, prefix scans, iterators on close).
package dev.cairn.lsm.kafka

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeBetween
import io.kotest.matchers.shouldBe
import org.apache.kafka.common.TopicPartition
import org.apache.kafka.common.serialization.ByteArraySerializer
import org.apache.kafka.common.serialization.StringSerializer
import org.apache.kafka.common.utils.Bytes
import org.apache.kafka.streams.KeyValue
import org.apache.kafka.streams.errors.InvalidStateStoreException
import java.util.Random
import java.util.TreeMap

class KeyValueStoreContractSpec : FunSpec({
    for (kind in StoreKind.entries) {
        fun withStore(block: (RawStore) -> Unit) {
            val raw = openRaw(kind)
            try {
                block(raw)
            } finally {
                raw.store.close()
                raw.stateDir.deleteRecursively()
            }
        }

        test("[$kind] put, get, overwrite and delete (which returns the old value)") {
            withStore { (s) ->
                s.get(bytes("a")) shouldBe null
                s.put(bytes("a"), "1".toByteArray())
                s.put(bytes("a"), "2".toByteArray())
                String(s.get(bytes("a"))) shouldBe "2"
                String(s.delete(bytes("a"))) shouldBe "2"
                s.delete(bytes("a")) shouldBe null
                s.get(bytes("a")) shouldBe null
            }
        }

        test("[$kind] putting a null value deletes the key; empty keys and values are kept") {
            withStore { (s) ->
                s.put(bytes("k"), "v".toByteArray())
                s.put(bytes("k"), null)
                s.get(bytes("k")) shouldBe null
                s.put(bytes(""), ByteArray(0))
                s.get(bytes(""))!!.size shouldBe 0
            }
        }

        test("[$kind] putIfAbsent writes only an absent key and returns what was there") {
            withStore { (s) ->
                s.putIfAbsent(bytes("k"), "first".toByteArray()) shouldBe null
                String(s.putIfAbsent(bytes("k"), "second".toByteArray())) shouldBe "first"
                String(s.get(bytes("k"))) shouldBe "first"
            }
        }

        test("[$kind] putAll applies puts and null-value deletes in order") {
            withStore { (s) ->
                s.put(bytes("gone"), "x".toByteArray())
                s.putAll(listOf(
                    KeyValue(bytes("a"), "1".toByteArray()),
                    KeyValue(bytes("gone"), null),
                    KeyValue(bytes("b"), "2".toByteArray()),
                    KeyValue(bytes("a"), "3".toByteArray()),
                ))
                s.all().drain() shouldBe listOf("a" to "3", "b" to "2")
            }
        }

        test("[$kind] a null key is refused with a NullPointerException by every keyed call") {
            withStore { (s) ->
                shouldThrow<NullPointerException> { s.put(null, "v".toByteArray()) }
                shouldThrow<NullPointerException> { s.get(null) }
                shouldThrow<NullPointerException> { s.delete(null) }
                shouldThrow<NullPointerException> { s.putIfAbsent(null, "v".toByteArray()) }
                shouldThrow<NullPointerException> { s.putAll(listOf(KeyValue(null, "v".toByteArray()))) }
                s.all().drain() shouldBe emptyList()
            }
        }

        test("[$kind] range includes both bounds, null bounds are open, and from > to is empty") {
            withStore { (s) ->
                for (k in listOf("a", "b", "c", "d")) s.put(bytes(k), k.uppercase().toByteArray())
                s.range(bytes("b"), bytes("c")).drain().map { it.first } shouldBe listOf("b", "c")
                s.range(null, bytes("b")).drain().map { it.first } shouldBe listOf("a", "b")
                s.range(bytes("c"), null).drain().map { it.first } shouldBe listOf("c", "d")
                s.range(bytes("bb"), bytes("bz")).drain() shouldBe emptyList()
                s.range(bytes("c"), bytes("b")).drain() shouldBe emptyList()
                s.reverseRange(bytes("c"), bytes("b")).drain() shouldBe emptyList()
                s.reverseRange(bytes("b"), bytes("d")).drain().map { it.first } shouldBe listOf("d", "c", "b")
                s.reverseRange(null, null).drain().map { it.first } shouldBe listOf("d", "c", "b", "a")
            }
        }

        test("[$kind] keys are ordered as unsigned bytes, the empty key first") {
            withStore { (s) ->
                val keys = listOf(bytes(0xFF), bytes(0x00), bytes(), bytes(0x7F), bytes(0x80), bytes(0xFF, 0xFF))
                for (k in keys) s.put(k, "v".toByteArray())
                val order = listOf(bytes(), bytes(0x00), bytes(0x7F), bytes(0x80), bytes(0xFF), bytes(0xFF, 0xFF))
                s.all().use { it.asSequence().map { kv -> kv.key }.toList() } shouldBe order
                s.reverseAll().use { it.asSequence().map { kv -> kv.key }.toList() } shouldBe order.reversed()
                s.range(bytes(0x80), bytes(0xFF)).use { it.asSequence().map { kv -> kv.key }.toList() } shouldBe
                    listOf(bytes(0x80), bytes(0xFF))
            }
        }

        test("[$kind] prefixScan returns exactly the keys that start with the serialized prefix") {
            withStore { (s) ->
                for (k in listOf("app", "apple", "apply", "apt", "b", "ap")) s.put(bytes(k), "v".toByteArray())
                s.prefixScan("app", StringSerializer()).drain().map { it.first } shouldBe listOf("app", "apple", "apply")
                s.prefixScan("zz", StringSerializer()).drain() shouldBe emptyList()
                s.put(bytes(0xFF, 0x01), "v".toByteArray())
                s.put(bytes(0xFF), "v".toByteArray())
                s.prefixScan(byteArrayOf(0xFF.toByte()), ByteArraySerializer()).use { it.asSequence().map { kv -> kv.key }.toList() } shouldBe
                    listOf(bytes(0xFF), bytes(0xFF, 0x01))
            }
        }

        test("[$kind] an iterator peeks without moving and ends with NoSuchElementException") {
            withStore { (s) ->
                s.put(bytes("a"), "1".toByteArray())
                s.all().use { it ->
                    it.peekNextKey() shouldBe bytes("a")
                    it.peekNextKey() shouldBe bytes("a")
                    it.next().key shouldBe bytes("a")
                    it.hasNext() shouldBe false
                    shouldThrow<NoSuchElementException> { it.next() }
                    shouldThrow<NoSuchElementException> { it.peekNextKey() }
                }
            }
        }

        test("[$kind] an iterator reads the state of when it was opened") {
            withStore { (s) ->
                s.put(bytes("a"), "1".toByteArray())
                s.all().use { it ->
                    s.put(bytes("b"), "2".toByteArray())
                    it.asSequence().map { kv -> String(kv.key.get()) }.toList() shouldBe listOf("a")
                }
            }
        }

        test("[$kind] closing the store closes its open iterators and refuses further calls") {
            val raw = openRaw(kind)
            try {
                val s = raw.store
                s.persistent() shouldBe true
                s.isOpen shouldBe true
                s.put(bytes("a"), "1".toByteArray())
                val open = s.all()
                s.close()
                s.isOpen shouldBe false
                shouldThrow<InvalidStateStoreException> { open.hasNext() }
                open.close()
                shouldThrow<InvalidStateStoreException> { s.get(bytes("a")) }
                shouldThrow<InvalidStateStoreException> { s.put(bytes("a"), "2".toByteArray()) }
                s.close()
            } finally {
                raw.stateDir.deleteRecursively()
            }
        }

        test("[$kind] committed offsets and records survive a reopen; an empty commit clears the offsets") {
            val first = openRaw(kind)
            val changelog = TopicPartition("cairn-spec-store-changelog", 0)
            try {
                first.store.put(bytes("k"), "v".toByteArray())
                first.store.committedOffset(changelog) shouldBe null
                first.store.commit(mapOf(changelog to 41L))
                first.store.committedOffset(changelog) shouldBe 41L
                first.store.close()
                val second = openRaw(kind, stateDir = first.stateDir)
                try {
                    String(second.store.get(bytes("k"))) shouldBe "v"
                    second.store.committedOffset(changelog) shouldBe 41L
                    second.store.commit(emptyMap())
                    second.store.committedOffset(changelog) shouldBe null
                } finally {
                    second.store.close()
                }
            } finally {
                first.stateDir.deleteRecursively()
            }
        }

        test("[$kind] approximateNumEntries is near the number of distinct keys") {
            withStore { (s) ->
                s.approximateNumEntries() shouldBe 0L
                for (i in 0 until 2000) s.put(bytes("key-%05d".format(i)), ByteArray(20) { i.toByte() })
                s.approximateNumEntries().shouldBeBetween(1000L, 4000L)
            }
        }

        test("[$kind] a seeded random run of puts, deletes and scans matches a sorted map") {
            val seed = System.nanoTime()
            withClue("seed=$seed") {
                withStore { (s) ->
                    val random = Random(seed)
                    val model = TreeMap<String, String>()
                    repeat(3000) { step ->
                        val key = "k%03d".format(random.nextInt(300))
                        when (random.nextInt(10)) {
                            in 0..5 -> "v$step".let { s.put(bytes(key), it.toByteArray()); model[key] = it }
                            6 -> { s.delete(bytes(key)); model.remove(key) }
                            else -> {
                                val other = "k%03d".format(random.nextInt(300))
                                val (lo, hi) = if (key <= other) key to other else other to key
                                s.range(bytes(lo), bytes(hi)).drain() shouldBe model.subMap(lo, true, hi, true).toList()
                                s.reverseRange(bytes(lo), bytes(hi)).drain() shouldBe model.subMap(lo, true, hi, true).toList().reversed()
                            }
                        }
                    }
                    s.all().drain() shouldBe model.toList()
                }
            }
        }
    }
})

private operator fun RawStore.component1() = store
private fun bytes(): Bytes = Bytes.wrap(ByteArray(0))
