// The desktop workload on Jetpack DataStore (datastore-core-jvm), the anchor of issue 25, as an
// app would write it: two DataStores in the directory, settings.ds (the settings object, a
// Map<String, String>) and notes.ds (every note, a sorted Map<Int, String>), each through
// DataStoreFactory.create with a file serializer and its own CoroutineScope on Dispatchers.IO.
// DataStore writes a temporary file, syncs it and renames it over the old one, so every update
// is durable. Opening creates the stores and reads the first value (DataStore reads lazily);
// close cancels the scopes and waits for them. Loaded by class name from DesktopStores. Used
// from one thread.
package dev.cairn.bench.kotlin

import androidx.datastore.core.DataStore
import androidx.datastore.core.DataStoreFactory
import androidx.datastore.core.Serializer
import dev.cairn.bench.desktop.DesktopStore
import java.io.BufferedInputStream
import java.io.BufferedOutputStream
import java.io.DataInputStream
import java.io.DataOutputStream
import java.io.InputStream
import java.io.OutputStream
import java.nio.file.Files
import java.nio.file.Path
import java.util.SortedMap
import java.util.TreeMap
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking

/** Jetpack DataStore under the desktop workload. */
public class DataStoreDesktop(private val dir: Path) : DesktopStore {
    private val job = SupervisorJob()
    private val scope = CoroutineScope(Dispatchers.IO + job)
    private var notes: DataStore<SortedMap<Int, String>>? = null
    private var settings: DataStore<Map<String, String>>? = null

    override fun openAndRead(note: Int): String? = runBlocking {
        Files.createDirectories(dir)
        val n = DataStoreFactory.create(NoteSerializer, scope = scope) { dir.resolve("notes.ds").toFile() }
        settings = DataStoreFactory.create(SettingsSerializer, scope = scope) { dir.resolve("settings.ds").toFile() }
        notes = n
        n.data.first()[note]
    }

    override fun updateSettings(round: Int): Unit = runBlocking {
        checkNotNull(settings) { "the store is not open" }.updateData { it + ("counter" to round.toString()) }
    }

    override fun fill(notes: Array<String>): Unit = runBlocking {
        checkNotNull(this@DataStoreDesktop.notes) { "the store is not open" }.updateData { old ->
            val next = TreeMap(old)
            notes.forEachIndexed { i, text -> next[i] = text }
            next
        }
    }

    override fun readAll(): List<String> = runBlocking {
        checkNotNull(notes) { "the store is not open" }.data.first().values.toList()
    }

    override fun close(): Unit = runBlocking {
        job.cancelAndJoin()
        notes = null
        settings = null
    }

    /** A map as a count, then (key, UTF value) pairs in the map's order; subclasses say how keys are written. */
    private abstract class PairsSerializer<K, M : Map<K, String>> : Serializer<M> {
        abstract fun readKey(data: DataInputStream): K

        abstract fun writeKey(data: DataOutputStream, key: K)

        /** A new map of the serializer's kind, filled by [fill]. */
        abstract fun build(fill: (MutableMap<K, String>) -> Unit): M

        override suspend fun readFrom(input: InputStream): M {
            val data = DataInputStream(BufferedInputStream(input))
            val count = data.readInt()
            return build { out -> repeat(count) { out[readKey(data)] = data.readUTF() } }
        }

        override suspend fun writeTo(t: M, output: OutputStream) {
            val data = DataOutputStream(BufferedOutputStream(output))
            data.writeInt(t.size)
            for ((k, v) in t) {
                writeKey(data, k)
                data.writeUTF(v)
            }
            data.flush()
        }
    }

    /** Notes: a count, then (number, UTF text) pairs in number order. */
    private object NoteSerializer : PairsSerializer<Int, SortedMap<Int, String>>() {
        override val defaultValue: SortedMap<Int, String> = TreeMap()

        override fun readKey(data: DataInputStream): Int = data.readInt()

        override fun writeKey(data: DataOutputStream, key: Int) = data.writeInt(key)

        override fun build(fill: (MutableMap<Int, String>) -> Unit): SortedMap<Int, String> =
            TreeMap<Int, String>().also(fill)
    }

    /** Settings: a count, then (name, value) UTF pairs. */
    private object SettingsSerializer : PairsSerializer<String, Map<String, String>>() {
        override val defaultValue: Map<String, String> = KotlinDesktop.DEFAULT_SETTINGS

        override fun readKey(data: DataInputStream): String = data.readUTF()

        override fun writeKey(data: DataOutputStream, key: String) = data.writeUTF(key)

        override fun build(fill: (MutableMap<String, String>) -> Unit): Map<String, String> =
            LinkedHashMap<String, String>().also(fill)
    }
}
