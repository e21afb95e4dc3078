// The options and marker of the reads a Store answers from memory on the caller's thread
// (ReadTier.MEMORY_ONLY): a point read that returns NEEDS_IO, or a cursor that throws
// IncompleteReadException, goes on where blocking is fine (Dispatchers.IO). Immutable; thread-safe.
package dev.cairn.lsm.coroutines.internal.store

import dev.cairn.lsm.ReadOptions
import dev.cairn.lsm.ReadTier

/** Reads of the latest state that never wait for the disk. */
internal val MEMORY_ONLY: ReadOptions = ReadOptions.defaults().readTier(ReadTier.MEMORY_ONLY)

/** What `LsmStore.getOrIncomplete` returns here when the answer needs the disk; compare by identity (`===`). */
internal val NEEDS_IO = ByteArray(0)
