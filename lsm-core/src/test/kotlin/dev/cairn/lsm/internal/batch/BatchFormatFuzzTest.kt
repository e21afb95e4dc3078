// Jazzer fuzz test of BatchFormat's decoder, which reads WAL payloads at recovery: any bytes
// either decode or raise CorruptionException; a batch that decodes holds as many operations as
// its header says, and re-encoding them decodes to the same operations. JUnit 5 (Jazzer runs
// on JUnit). Regression mode replays BatchFormatFuzzTestInputs/; JAZZER_FUZZ=1 fuzzes.
package dev.cairn.lsm.internal.batch

import com.code_intelligence.jazzer.junit.FuzzTest
import dev.cairn.lsm.CorruptionException

class BatchFormatFuzzTest {

    /** One WAL record's payload. */
    @FuzzTest
    fun decodesBatchRecord(data: ByteArray) {
        val ops = try {
            decode(data)
        } catch (e: CorruptionException) {
            return
        }
        check(ops.size == BatchFormat.count(data)) { "header says ${BatchFormat.count(data)} operations, read ${ops.size}" }
        val builder = BatchFormat.Builder()
        for (op in ops) {
            when (op.kind) {
                BatchFormat.PUT -> builder.put(op.a.toByteArray(), op.b!!.toByteArray())
                BatchFormat.DELETE -> builder.delete(op.a.toByteArray())
                else -> builder.deleteRange(op.a.toByteArray(), op.b!!.toByteArray())
            }
        }
        val again = decode(builder.encode(BatchFormat.sequence(data), BatchFormat.writeTime(data)))
        check(again == ops) { "re-encoded batch decodes differently" }
    }

    /** One decoded operation, with list copies of its byte strings so that equality compares contents. */
    private data class Op(val kind: Byte, val a: List<Byte>, val b: List<Byte>?, val seq: Long)

    private fun decode(rep: ByteArray): List<Op> {
        val ops = ArrayList<Op>()
        BatchFormat.iterate(rep, rep.size, object : BatchFormat.Handler {
            override fun put(key: ByteArray, value: ByteArray, seq: Long) {
                ops += Op(BatchFormat.PUT, key.toList(), value.toList(), seq)
            }

            override fun delete(key: ByteArray, seq: Long) {
                ops += Op(BatchFormat.DELETE, key.toList(), null, seq)
            }

            override fun deleteRange(from: ByteArray, to: ByteArray, seq: Long) {
                ops += Op(BatchFormat.RANGE_DELETE, from.toList(), to.toList(), seq)
            }
        })
        return ops
    }

    /** Seeds for the committed corpus (see FuzzCorpusGenerator). */
    companion object {
        /** @return seed inputs by method name, then by seed name */
        fun seeds(): Map<String, Map<String, ByteArray>> {
            val mixed = BatchFormat.Builder().apply {
                put("k1".encodeToByteArray(), "v1".encodeToByteArray())
                delete("k2".encodeToByteArray())
                deleteRange("a".encodeToByteArray(), "m".encodeToByteArray())
                put(ByteArray(0), ByteArray(200) { it.toByte() })
            }.encode(77, 1_700_000_000_000L)
            val empty = BatchFormat.Builder().encode(1, 0)
            return mapOf(
                "decodesBatchRecord" to linkedMapOf(
                    "mixed" to mixed,
                    "empty" to empty,
                    "truncated" to mixed.copyOf(mixed.size - 50),
                    "bad-count" to mixed.copyOf().also { it[19] = 9 },
                    "unknown-tag" to mixed.copyOf().also { it[20] = 7 },
                    "forged-length" to mixed.copyOf().also {
                        it[21] = 0xFF.toByte(); it[22] = 0xFF.toByte(); it[23] = 0xFF.toByte()
                    },
                    "short-header" to mixed.copyOf(12),
                ),
            )
        }
    }
}
