// Test helpers for the sstable specs: key/value construction, random entry sets and a model of
// what a table must return. Pure functions; not shared outside this package.
package dev.cairn.lsm.internal.sstable

import dev.cairn.lsm.Compression
import dev.cairn.lsm.internal.iterator.InternalIterator
import dev.cairn.lsm.internal.key.InternalKey
import dev.cairn.lsm.internal.key.RangeTombstone
import dev.cairn.lsm.internal.key.StoredValue
import dev.cairn.lsm.internal.key.ValueKind
import okio.FileSystem
import okio.Path
import kotlin.random.Random

/** One point entry as the tests model it. */
data class Entry(val key: ByteArray, val value: ByteArray)

fun ikey(user: String, seq: Long, kind: Int = ValueKind.PUT): ByteArray =
    InternalKey.encode(user.encodeToByteArray(), seq, kind)

fun stored(value: String, writeTime: Long = 1_000L): ByteArray =
    StoredValue.encode(writeTime, value.encodeToByteArray())

/**
 * Random entries in internal order: user keys share long prefixes (to exercise prefix
 * compression), some keys have several versions, about 1 in 8 entries is a point delete.
 */
fun randomEntries(random: Random, count: Int, valueSize: Int = 40): List<Entry> {
    val out = ArrayList<Entry>()
    var seq = 1L
    val users = HashSet<String>()
    while (users.size < count) {
        users.add("user/" + "%08d".format(random.nextInt(count * 20)) + "/" + "x".repeat(random.nextInt(4)))
    }
    for (u in users) {
        val versions = if (random.nextInt(5) == 0) 1 + random.nextInt(4) else 1
        repeat(versions) {
            val kind = if (random.nextInt(8) == 0) ValueKind.DELETE else ValueKind.PUT
            val value = if (kind == ValueKind.DELETE) ByteArray(0) else random.nextBytes(random.nextInt(valueSize + 1))
            out.add(Entry(InternalKey.encode(u.encodeToByteArray(), seq++, kind),
                StoredValue.encode(1_000L + random.nextInt(10_000), value)))
        }
    }
    out.sortWith { a, b -> InternalKey.compare(a.key, b.key) }
    return out
}

fun writeTable(
    fs: FileSystem,
    path: Path,
    entries: List<Entry>,
    options: TableOptions = TableOptions.defaults(),
    tombstones: List<RangeTombstone> = emptyList(),
    creationTime: Long = 42L,
): TableProperties {
    fs.openReadWrite(path, mustCreate = true, mustExist = false).use { handle ->
        TableBuilder(handle, options, creationTime, path.name).use { builder ->
            for (e in entries) builder.add(e.key, e.value)
            for (t in tombstones) builder.addRangeTombstone(t)
            return builder.finish()
        }
    }
}

fun options(compression: Compression = Compression.NONE, blockSize: Int = 4096, restart: Int = 16, bloom: Int = 10) =
    TableOptions(blockSize, restart, bloom, compression)

/** Collects every entry of an iterator, forward from the first. */
fun InternalIterator.forwardScan(): List<Entry> {
    val out = ArrayList<Entry>()
    seekToFirst()
    while (isValid) {
        out.add(Entry(key(), value()))
        next()
    }
    return out
}

/** Collects every entry of an iterator, backward from the last. */
fun InternalIterator.backwardScan(): List<Entry> {
    val out = ArrayList<Entry>()
    seekToLast()
    while (isValid) {
        out.add(Entry(key(), value()))
        prev()
    }
    return out
}

fun List<Entry>.keysAsText(): List<String> = map { InternalKey.describe(it.key) + "=" + it.value.contentToString() }

/** Index of the first entry at or after target, or size. */
fun List<Entry>.lowerBound(target: ByteArray): Int {
    var lo = 0
    var hi = size
    while (lo < hi) {
        val mid = (lo + hi) ushr 1
        if (InternalKey.compare(this[mid].key, target) < 0) lo = mid + 1 else hi = mid
    }
    return lo
}

/** The model answer of TableReader.get. */
fun List<Entry>.modelGet(user: ByteArray, snapshot: Long): Entry? {
    val i = lowerBound(InternalKey.seekKey(user, snapshot))
    return if (i < size && InternalKey.compareUserKey(this[i].key, user) == 0) this[i] else null
}
