// The entries Flows emit: raw byte entries of a Store, typed entries and versions of a TypedMap. Immutable
// by convention (the arrays are fresh copies owned by the receiver).
package dev.cairn.lsm.coroutines

import java.time.Instant

/**
 * A key and its value, as emitted by [Store.scan]. Destructures as `(key, value)`. Equality
 * compares the contents of the arrays.
 *
 * @property key the key (a fresh array the receiver may keep)
 * @property value the value (a fresh array the receiver may keep)
 */
public data class Entry(val key: ByteArray, val value: ByteArray) {
    /** Equal when both keys and both values have the same contents. */
    override fun equals(other: Any?): Boolean =
        other is Entry && key.contentEquals(other.key) && value.contentEquals(other.value)

    /** A hash of the contents of key and value. */
    override fun hashCode(): Int = 31 * key.contentHashCode() + value.contentHashCode()

    /** The key and value as UTF-8 text where printable, for logs and test failures. */
    override fun toString(): String = "Entry(${key.decodeToString()}=${value.decodeToString()})"
}

/**
 * A typed key and its value, as emitted by [TypedMap.scan]. Destructures as `(key, value)`.
 *
 * @property key the decoded key
 * @property value the decoded value
 */
public data class TypedEntry<out K, out V>(val key: K, val value: V)

/**
 * One retained version of a [TypedMap] key, as emitted by [TypedMap.history]. Destructures as
 * `(timestamp, value)`.
 *
 * @property timestamp when the version was committed
 * @property value the decoded value, or null when this version deleted the key
 */
public data class TypedVersion<out V>(val timestamp: Instant, val value: V?) {
    /** Whether this version deleted the key. */
    public val isDeletion: Boolean get() = value == null
}
