// Copies of a store for coroutines: a checkpoint, a backup, and opening a store read-only beside
// the process that writes it. The blocking work runs on Dispatchers.IO (the store's lifecycle
// refuses it once the store is closed); the caller suspends.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.BackupInfo
import dev.cairn.lsm.Backups
import dev.cairn.lsm.LsmStore
import kotlinx.coroutines.CoroutineScope
import okio.FileSystem
import okio.Path
import okio.Path.Companion.toOkioPath

/**
 * Writes a consistent, openable copy of this store into [dir] without stopping writers (see
 * [LsmStore.checkpoint]): every write acknowledged before the call is in it. Tables are
 * hard-linked where the file system allows, copied otherwise.
 *
 * @param dir a new or empty directory outside the store's, on the store's file system
 * @throws IllegalArgumentException if [dir] is inside the store, a file, or not empty
 */
public suspend fun Store.checkpoint(dir: Path) {
    lifecycle.onIo { db -> db.checkpoint(dir) }
}

/** [checkpoint] into a directory of the default file system. */
public suspend fun Store.checkpoint(dir: java.nio.file.Path) {
    checkpoint(dir.toAbsolutePath().toOkioPath())
}

/**
 * Backs this store up into [backups] (see [Backups.create]): incremental, taken while writers go on.
 *
 * @return the new backup
 */
public suspend fun Store.backup(backups: Backups): BackupInfo = lifecycle.onIo { db -> backups.create(db) }

/**
 * Opens the store in [dir] read-only (see [LsmStore.openReadOnly]): no lock, no writes, no
 * compaction, nothing changed on disk; another process may be writing it. Reads see the state at
 * open time; `refresh()` on [Store.refresh] catches up. Writes throw [dev.cairn.lsm.LsmException].
 *
 * @param dir the store directory
 * @param parentScope when given, cancelling it closes the store
 * @param fileSystem where the store lives
 * @param configure read settings (block cache size, TTL); write settings are ignored
 */
public suspend fun Store.Companion.openReadOnly(
    dir: Path,
    parentScope: CoroutineScope? = null,
    fileSystem: FileSystem = FileSystem.SYSTEM,
    configure: StoreConfig.() -> Unit = {},
): Store = open(dir, parentScope, fileSystem, configure) { d, options -> LsmStore.openReadOnly(d, options) }

/** [openReadOnly] on the default file system. */
public suspend fun Store.Companion.openReadOnly(
    dir: java.nio.file.Path,
    parentScope: CoroutineScope? = null,
    configure: StoreConfig.() -> Unit = {},
): Store = openReadOnly(dir.toAbsolutePath().toOkioPath(), parentScope, FileSystem.SYSTEM, configure)

/**
 * Catches up with what the owner wrote since a read-only store was opened or last refreshed (see
 * [LsmStore.refresh]); does nothing on a store opened for writing.
 */
public suspend fun Store.refresh() {
    lifecycle.onIo { db -> db.refresh() }
}
