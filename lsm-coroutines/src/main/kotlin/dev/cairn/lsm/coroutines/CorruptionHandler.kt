// What a TypedValue does with stored bytes that no longer decode. Implementations must be
// thread-safe; they may be called concurrently from several collectors.
package dev.cairn.lsm.coroutines

import dev.cairn.lsm.CorruptionException

/**
 * Decides what a [TypedValue] reads when its stored bytes do not decode (damaged, or written
 * by an incompatible version of the type). Returning a value replaces the stored bytes with it;
 * throwing passes the failure to the reader.
 */
public fun interface CorruptionHandler<T> {
    /**
     * @param error what failed to decode, naming the value and the byte offset
     * @param default the value's default
     * @return the value to use (and store) instead
     */
    public suspend fun handleCorruption(error: CorruptionException, default: T): T

    /** The standard handlers. */
    public companion object {
        /** @return a handler that rethrows the [CorruptionException] (the default) */
        public fun <T> throwing(): CorruptionHandler<T> = CorruptionHandler { error, _ -> throw error }

        /** @return a handler that replaces an undecodable value with the default */
        public fun <T> replaceWithDefault(): CorruptionHandler<T> = CorruptionHandler { _, default -> default }
    }
}

/** @return a handler that replaces an undecodable value with the default; see [CorruptionHandler.replaceWithDefault] */
public fun <T> replaceWithDefault(): CorruptionHandler<T> = CorruptionHandler.replaceWithDefault()
