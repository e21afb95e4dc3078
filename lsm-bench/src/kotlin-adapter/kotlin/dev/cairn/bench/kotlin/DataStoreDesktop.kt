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

    /** Notes: a count, then (number, UTF text) pairs in number order. */
    private object NoteSerializer : Serializer<SortedMap<Int, String>> {
        override val defaultValue: SortedMap<Int, String> = TreeMap()

        override suspend fun readFrom(input: InputStream): SortedMap<Int, String> {
            val data = DataInputStream(BufferedInputStream(input))
            val out = TreeMap<Int, String>()
            repeat(data.readInt()) { out[data.readInt()] = data.readUTF() }
            return out
        }

        override suspend fun writeTo(t: SortedMap<Int, String>, output: OutputStream) {
            val data = DataOutputStream(BufferedOutputStream(output))
            data.writeInt(t.size)
            for ((k, v) in t) {
                data.writeInt(k)
                data.writeUTF(v)
            }
            data.flush()
        }
    }

    /** Settings: a count, then (name, value) UTF pairs. */
    private object SettingsSerializer : Serializer<Map<String, String>> {
        override val defaultValue: Map<String, String> = KotlinDesktop.DEFAULT_SETTINGS

        override suspend fun readFrom(input: InputStream): Map<String, String> {
            val data = DataInputStream(BufferedInputStream(input))
            val out = LinkedHashMap<String, String>()
            repeat(data.readInt()) { out[data.readUTF()] = data.readUTF() }
            return out
        }

        override suspend fun writeTo(t: Map<String, String>, output: OutputStream) {
            val data = DataOutputStream(BufferedOutputStream(output))
            data.writeInt(t.size)
            for ((k, v) in t) {
                data.writeUTF(k)
                data.writeUTF(v)
            }
            data.flush()
        }
    }
}
