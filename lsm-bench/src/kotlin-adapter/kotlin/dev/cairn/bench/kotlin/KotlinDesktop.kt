// The desktop workload on Cairn's Kotlin face, as an app would write it: Store.open with
// syncWrites = true, notes in a typed map (store.map<Int, String>), the settings object a
// typed value (store.value, DataStore style), the fill one store.write { } batch, the read-all
// notes.scan().toList(), with a typed-map cache (typedMapCacheBytes), as an app that reads its
// whole list often would open it. Loaded by class name from DesktopStores; each call blocks on its own
// runBlocking, as a desktop app's background thread would. Used from one thread.
package dev.cairn.bench.kotlin

import dev.cairn.bench.desktop.DesktopStore
import dev.cairn.lsm.coroutines.Store
import dev.cairn.lsm.coroutines.TypedMap
import dev.cairn.lsm.coroutines.TypedValue
import java.nio.file.Path
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking

/** Cairn's typed maps under the desktop workload. */
public class KotlinDesktop(private val dir: Path) : DesktopStore {
    private var store: Store? = null
    private lateinit var notes: TypedMap<Int, String>
    private lateinit var settings: TypedValue<Map<String, String>>

    private fun open(): Store = checkNotNull(store) { "the store is not open" }

    override fun openAndRead(note: Int): String? = runBlocking {
        val s = Store.open(dir) {
            syncWrites = true
            typedMapCacheBytes = CACHE_BYTES
        }
        store = s
        notes = s.map<Int, String>("notes")
        settings = s.value<Map<String, String>>("settings", DEFAULT_SETTINGS)
        notes[note]
    }

    override fun updateSettings(round: Int): Unit = runBlocking {
        settings.update { it + ("counter" to round.toString()) }
    }

    override fun fill(notes: Array<String>): Unit = runBlocking {
        val map = this@KotlinDesktop.notes
        open().write { notes.forEachIndexed { i, text -> map[i] = text } }
    }

    override fun readAll(): List<String> = runBlocking { notes.scan().toList().map { it.value } }

    override fun close(): Unit = runBlocking {
        store?.close()
        store = null
    }

    internal companion object {
        /** Decoded typed-map data kept in memory, as DataStore keeps its object: 4 MiB of raw bytes. */
        const val CACHE_BYTES: Long = 4L shl 20

        /** The settings object before its first update. */
        val DEFAULT_SETTINGS: Map<String, String> = mapOf("theme" to "dark", "fontSize" to "14", "counter" to "0")
    }
}
