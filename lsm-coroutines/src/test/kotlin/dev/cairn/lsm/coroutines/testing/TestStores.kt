// How specs open stores: on a FakeFileSystem, through the engine or through MemoryLsmStore.
package dev.cairn.lsm.coroutines.testing

import dev.cairn.lsm.coroutines.Store
import dev.cairn.lsm.coroutines.StoreConfig
import kotlinx.coroutines.CoroutineScope
import okio.Path
import okio.Path.Companion.toPath
import okio.fakefilesystem.FakeFileSystem

/** The directory specs use. */
val TEST_DIR: Path = "/store".toPath()

/** Opens a store on [fs] through the real engine. */
suspend fun openEngineStore(
    fs: FakeFileSystem,
    dir: Path = TEST_DIR,
    parentScope: CoroutineScope? = null,
    configure: StoreConfig.() -> Unit = {},
): Store = Store.open(dir, parentScope, fs, configure)

/** Opens a store on [fs] backed by [MemoryLsmStore]; [onOpen] receives the memory store. */
suspend fun openMemoryStore(
    fs: FakeFileSystem,
    dir: Path = TEST_DIR,
    parentScope: CoroutineScope? = null,
    configure: StoreConfig.() -> Unit = {},
    onOpen: (MemoryLsmStore) -> Unit = {},
): Store = Store.open(dir, parentScope, fs, configure) { d, options -> MemoryLsmStore.open(d, options).also(onOpen) }

/** Opens the store most specs use (switch to [openEngineStore] once the engine runs). */
suspend fun openStore(
    fs: FakeFileSystem,
    dir: Path = TEST_DIR,
    parentScope: CoroutineScope? = null,
    configure: StoreConfig.() -> Unit = {},
): Store = openEngineStore(fs, dir, parentScope, configure)

/** Key and value bytes from text. */
val String.b: ByteArray get() = encodeToByteArray()
