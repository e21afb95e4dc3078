// The two state stores every Kafka Streams spec runs over, Cairn and Kafka's default RocksDB, and
// a raw (unwrapped) store of either opened on a mock context in a temporary state directory.
package dev.cairn.lsm.kafka

import org.apache.kafka.common.utils.Bytes
import org.apache.kafka.streams.StreamsConfig
import org.apache.kafka.streams.processor.StateRestoreCallback
import org.apache.kafka.streams.processor.StateStore
import org.apache.kafka.streams.processor.StateStoreContext
import org.apache.kafka.streams.processor.TaskId
import org.apache.kafka.streams.processor.api.MockProcessorContext
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier
import org.apache.kafka.streams.state.KeyValueStore
import org.apache.kafka.streams.state.Stores
import java.io.File
import java.nio.file.Files
import java.util.Properties

/** A kind of key-value store under test, by the suppliers that make it. */
enum class StoreKind(
    val plain: (String) -> KeyValueBytesStoreSupplier,
    val timestamped: (String) -> KeyValueBytesStoreSupplier,
) {
    CAIRN(CairnStores::persistentKeyValueStore, CairnStores::persistentTimestampedKeyValueStore),
    ROCKSDB(Stores::persistentKeyValueStore, Stores::persistentTimestampedKeyValueStore),
}

/** A raw store opened on a mock context; [restore] is the callback it registered. */
class RawStore(
    val store: KeyValueStore<Bytes, ByteArray>,
    val context: MockProcessorContext<Any, Any>,
    val restore: StateRestoreCallback,
    val stateDir: File,
)

/** Passes everything to [delegate] but keeps the restore callback a store registers. */
private class RecordingContext(private val delegate: StateStoreContext) : StateStoreContext by delegate {
    var callback: StateRestoreCallback? = null

    override fun register(store: StateStore, callback: StateRestoreCallback) {
        this.callback = callback
        delegate.register(store, callback)
    }

    override fun register(store: StateStore, callback: StateRestoreCallback, commitCallback: org.apache.kafka.streams.processor.CommitCallback) {
        this.callback = callback
        delegate.register(store, callback, commitCallback)
    }
}

fun streamsProperties(stateDir: File, extra: Map<String, Any> = emptyMap()): Properties = Properties().apply {
    put(StreamsConfig.APPLICATION_ID_CONFIG, "cairn-spec")
    put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092")
    put(StreamsConfig.STATE_DIR_CONFIG, stateDir.absolutePath)
    putAll(extra)
}

/** Opens a raw [kind] store named [name] in [stateDir] (a new temporary one by default). */
fun openRaw(
    kind: StoreKind,
    name: String = "store",
    stateDir: File = Files.createTempDirectory("cairn-kstore").toFile(),
    extra: Map<String, Any> = emptyMap(),
): RawStore {
    val context = MockProcessorContext<Any, Any>(streamsProperties(stateDir, extra), TaskId(0, 0), stateDir)
    val recording = RecordingContext(context.stateStoreContext)
    val store = kind.plain(name).get()
    store.init(recording, store)
    return RawStore(store, context, recording.callback!!, stateDir)
}

fun bytes(text: String): Bytes = Bytes.wrap(text.toByteArray())

fun bytes(vararg unsigned: Int): Bytes = Bytes.wrap(ByteArray(unsigned.size) { unsigned[it].toByte() })

/** Drains an iterator into (key text, value text) pairs and closes it. */
fun org.apache.kafka.streams.state.KeyValueIterator<Bytes, ByteArray>.drain(): List<Pair<String, String>> = use {
    val out = ArrayList<Pair<String, String>>()
    while (it.hasNext()) {
        val kv = it.next()
        out += String(kv.key.get(), Charsets.ISO_8859_1) to String(kv.value, Charsets.ISO_8859_1)
    }
    out
}
