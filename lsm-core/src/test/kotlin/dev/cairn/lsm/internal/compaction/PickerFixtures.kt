// Fixtures for picker specs: hand-built table metadata over string keys, a fixed clock.
package dev.cairn.lsm.internal.compaction

import dev.cairn.lsm.internal.key.InternalKey
import dev.cairn.lsm.internal.key.ValueKind
import dev.cairn.lsm.internal.manifest.FileMetadata
import dev.cairn.lsm.internal.version.PickerMemory
import dev.cairn.lsm.internal.version.Version
import java.time.Clock
import java.time.Instant
import java.time.ZoneOffset

/** Builds [FileMetadata] for tables that exist only on paper. */
object PickerFixtures {
    val fixedClock: Clock = Clock.fixed(Instant.ofEpochMilli(1_000_000_000L), ZoneOffset.UTC)

    fun table(
        number: Long,
        size: Long,
        from: String = "a",
        to: String = "z",
        seq: LongRange = number * 100..number * 100 + 99,
        writeTime: Long = 0,
        entries: Long = 100,
        pointTombstones: Long = 0,
        rangeTombstones: Long = 0,
        created: Long = 0,
    ) = FileMetadata(
        number, size,
        InternalKey.encode(from.toByteArray(), seq.last, ValueKind.PUT),
        InternalKey.encode(to.toByteArray(), seq.first, ValueKind.PUT),
        seq.first, seq.last, writeTime, writeTime, entries, pointTombstones, rangeTombstones, created,
    )

    fun numbers(c: Compaction?): List<Long> = c?.inputs()?.map { it.number() } ?: emptyList()
}

/**
 * A picker together with the memory the version side would hand it, so a spec can pick from the
 * same picker repeatedly (a level's round-robin, a tombstone rewrite not repeated) as a store does.
 */
class RememberingPicker(private val picker: CompactionPicker, val memory: PickerMemory = PickerMemory()) :
    CompactionPicker by picker {
    fun pick(v: Version, busy: Set<Long>, now: Long): Compaction? = picker.pick(v, memory, busy, now)
    fun pendingBytes(v: Version): Long = picker.pendingBytes(v, memory)
}
