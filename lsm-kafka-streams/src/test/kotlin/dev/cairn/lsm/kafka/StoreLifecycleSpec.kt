// Specification of a Cairn store's life in Kafka Streams: where it lives (a name that would lead
// out of the state directory is refused), how CairnConfig sets its
// options (by class or class name, closed with the store, refused with a ConfigException when
// unusable), and how an exactly-once store that was not closed cleanly reports itself corrupted.
package dev.cairn.lsm.kafka

import dev.cairn.lsm.LsmStore
import dev.cairn.lsm.StoreOptions
import dev.cairn.lsm.WriteBatch
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import org.apache.kafka.common.config.ConfigException
import org.apache.kafka.streams.StreamsConfig
import org.apache.kafka.streams.errors.TaskCorruptedException
import java.io.File
import java.util.concurrent.ConcurrentHashMap

/** Records what it was asked, so the spec can see it was used. */
class RecordingConfig : CairnConfig {
    override fun setConfig(storeName: String, options: StoreOptions.Builder, configs: Map<String, Any>) {
        options.memtableSizeBytes(1L shl 20)
        events += "set $storeName"
    }

    override fun close(storeName: String, options: StoreOptions) {
        events += "closed $storeName ${options.memtableSizeBytes()}"
    }

    companion object {
        val events: MutableSet<String> = ConcurrentHashMap.newKeySet()
    }
}

class StoreLifecycleSpec : FunSpec({
    test("a store lives in <state dir>/cairn/<name>") {
        val raw = openRaw(StoreKind.CAIRN, name = "orders")
        try {
            File(raw.stateDir, "cairn/orders/CURRENT").exists() shouldBe true
        } finally {
            raw.store.close()
            raw.stateDir.deleteRecursively()
        }
    }

    test("a store name that would lead out of the state directory is refused before anything is created") {
        for (bad in listOf("..", ".", "../orders", "a/b", "a\\b", "nul\u0000name", "tab\tname")) {
            for (supplier in listOf<(String) -> Any>(CairnStores::persistentKeyValueStore,
                CairnStores::persistentTimestampedKeyValueStore, CairnStores::persistentTimestampedKeyValueStoreWithHeaders)) {
                shouldThrow<IllegalArgumentException> { supplier(bad) }.message shouldContain "becomes a directory name"
            }
        }
        shouldThrow<IllegalArgumentException> { CairnStores.persistentKeyValueStore(" ") }.message shouldContain "blank"
        CairnStores.persistentKeyValueStore("orders.v2-by_region").name() shouldBe "orders.v2-by_region"
    }

    test("the CairnConfig named by class or by class name sets the options and hears the close") {
        for (named in listOf<Any>(RecordingConfig::class.java, RecordingConfig::class.java.name)) {
            RecordingConfig.events.clear()
            val raw = openRaw(StoreKind.CAIRN, name = "configured", extra = mapOf(CairnConfig.CONFIG_SETTER_CLASS_CONFIG to named))
            raw.store.close()
            raw.stateDir.deleteRecursively()
            RecordingConfig.events shouldBe setOf("set configured", "closed configured 1048576")
        }
    }

    test("an unusable CairnConfig or commit setting is refused with a ConfigException naming the key") {
        for (bad in listOf<Pair<String, Any>>(
            CairnConfig.CONFIG_SETTER_CLASS_CONFIG to "no.such.Config",
            CairnConfig.CONFIG_SETTER_CLASS_CONFIG to String::class.java,
            CairnConfig.COMMIT_SYNC_CONFIG to "sometimes",
        )) {
            val e = shouldThrow<ConfigException> { openRaw(StoreKind.CAIRN, extra = mapOf(bad)) }
            e.message shouldContain bad.first
        }
    }

    test("an exactly-once store left open by a crash is reported corrupted; at-least-once opens it") {
        val eos = mapOf<String, Any>(StreamsConfig.PROCESSING_GUARANTEE_CONFIG to StreamsConfig.EXACTLY_ONCE_V2)
        val first = openRaw(StoreKind.CAIRN, extra = eos)
        try {
            first.store.put(bytes("k"), "v".toByteArray())
            first.store.close()
            // what a process killed while the store was open leaves: the status still says open
            LsmStore.open(File(first.stateDir, "cairn/store").toPath(), StoreOptions.defaults()).use { db ->
                db.write(WriteBatch().also { Bookkeeping.addStatus(it, true) })
            }
            shouldThrow<TaskCorruptedException> { openRaw(StoreKind.CAIRN, stateDir = first.stateDir, extra = eos) }
            val atLeastOnce = openRaw(StoreKind.CAIRN, stateDir = first.stateDir)
            String(atLeastOnce.store.get(bytes("k"))) shouldBe "v"
            atLeastOnce.store.close()
            openRaw(StoreKind.CAIRN, stateDir = first.stateDir, extra = eos).store.close()
        } finally {
            first.stateDir.deleteRecursively()
        }
    }
})
