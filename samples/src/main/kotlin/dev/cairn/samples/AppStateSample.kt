// A desktop-style note-taking app that keeps its state in a local Cairn store: typed maps for
// notes and a "recently opened" index, a DataStore-style settings value, an ordered scan, and
// an observer printing changes, and a transaction that moves a note's pin only if no one else
// changed either note meanwhile. It runs two sessions (open, write, read, scan, close; then
// reopen and read back) and prints what it did. It deletes its directory first, so it can be
// run again and again.
package dev.cairn.samples

import dev.cairn.lsm.coroutines.Store
import dev.cairn.lsm.coroutines.get
import dev.cairn.lsm.coroutines.put
import dev.cairn.lsm.coroutines.transaction
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.Serializable
import okio.FileSystem

/** The app's look. */
@Serializable
enum class Theme { LIGHT, DARK }

/** App-wide settings, stored as one value. New fields get defaults, so old stores still read. */
@Serializable
data class Settings(val theme: Theme = Theme.LIGHT, val fontSize: Int = 13, val lastOpened: Long? = null)

/** A note's identity; a value class, stored as its Long. */
@Serializable
@JvmInline
value class NoteId(val value: Long)

/** A note. */
@Serializable
data class Note(val title: String, val body: String, val pinned: Boolean = false)

/** Key of the "recently opened" index: ordered by time first, then note. */
@Serializable
data class Opened(val at: Long, val note: NoteId)

/** Runs the sample. */
fun main() = runBlocking {
    val dir = FileSystem.SYSTEM_TEMPORARY_DIRECTORY / "cairn-app-state-sample"
    FileSystem.SYSTEM.deleteRecursively(dir)
    println("Cairn app-state sample in $dir")

    // ---- first session ----
    Store.open(dir, parentScope = this) { syncWrites = true }.use { store ->
        val notes = store.map<NoteId, Note>("notes")
        val opened = store.map<Opened, NoteId>("opened")
        val settings = store.value("settings", Settings())

        val sawDark = CompletableDeferred<Unit>()
        val observer = launch(start = CoroutineStart.UNDISPATCHED) {
            settings.data.collect {
                println("  observer: settings are now $it")
                if (it.theme == Theme.DARK) sawDark.complete(Unit)
            }
        }

        notes.put(NoteId(3), Note("Groceries", "eggs, flour"))
        notes.put(NoteId(1), Note("Welcome", "Cairn keeps this note across restarts"))
        notes.put(NoteId(2), Note("Ideas", "an LSM tree in Kotlin"))
        println("wrote 3 notes")

        var clock = 1_000L
        for (id in listOf(2L, 1L, 3L, 2L)) opened.put(Opened(clock++, NoteId(id)), NoteId(id))
        // one atomic batch across two maps: the new note and its open record, or neither
        store.write {
            notes[NoteId(4)] = Note("Draft", "written together with its open record")
            opened[Opened(clock++, NoteId(4))] = NoteId(4)
        }
        println("wrote note 4 and its open record in one batch")
        notes.update(NoteId(1)) { it?.copy(pinned = true) }
        println("pinned note 1: ${notes.get(NoteId(1))}")

        // read, decide, write: committed only if nobody changed either note since the reads
        // (otherwise the block runs again on fresh values)
        val moved = store.transaction { tx ->
            val from = notes.get(tx, NoteId(1))!!
            val to = notes.get(tx, NoteId(2))!!
            if (!from.pinned) return@transaction false
            notes.put(tx, NoteId(1), from.copy(pinned = false))
            notes.put(tx, NoteId(2), to.copy(pinned = true))
            true
        }
        println("moved the pin from note 1 to note 2 in one transaction: $moved")

        settings.update { it.copy(theme = Theme.DARK, lastOpened = clock) }
        sawDark.await()
        observer.cancelAndJoin()

        println("notes in id order:")
        notes.scan().collect { (id, note) -> println("  #${id.value} ${note.title}${if (note.pinned) " (pinned)" else ""}") }
        val recent = opened.scan(reverse = true).take(3).toList().map { it.value.value }
        println("three most recently opened: $recent")
        println("last sequence number: ${store.stats().lastSequence()}")
    }
    println("closed the store")

    // ---- second session: everything is still there ----
    Store.open(dir, parentScope = this).use { store ->
        val notes = store.map<NoteId, Note>("notes")
        val settings = store.value("settings", Settings())
        println("reopened: settings = ${settings.get()}")
        println("reopened: ${notes.scan().toList().size} notes, note 1 = ${notes.get(NoteId(1))}")
        notes.delete(NoteId(3))
        println("deleted note 3; notes left: ${notes.scan().toList().map { it.key.value }}")
    }
    println("done")
}
