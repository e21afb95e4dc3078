// Jazzer fuzz tests of Footer.decode: any 80 bytes decode to block handles that lie inside the
// file before the footer (after the encryption header, for an encrypted table's version-2
// footer), or raise CorruptionException, and nothing else; a decoded footer
// re-encodes to an equal one. JUnit 5 (Jazzer runs on JUnit). Regression mode replays
// FooterFuzzTestInputs/; JAZZER_FUZZ=1 fuzzes one method.
package dev.cairn.lsm.internal.sstable

import com.code_intelligence.jazzer.junit.FuzzTest
import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.internal.crypto.EncryptionHeader
import dev.cairn.lsm.internal.util.Bytes

class FooterFuzzTest {

    /**
     * The first 80 bytes of [data] (zero-padded) are the footer; the next 8, when present, the
     * footer's file offset (else 1 MiB).
     */
    @FuzzTest
    fun decodesAnyFooter(data: ByteArray) = decode(data, reseal = false)

    /** As [decodesAnyFooter], with the magic and checksum made right: reaches the handle checks. */
    @FuzzTest
    fun decodesResealedFooter(data: ByteArray) = decode(data, reseal = true)

    private fun decode(data: ByteArray, reseal: Boolean) {
        val bytes = data.copyOf(Footer.SIZE)
        val footerOffset = if (data.size >= Footer.SIZE + 8) Bytes.getLong(data, Footer.SIZE) and Long.MAX_VALUE else 1L shl 20
        if (reseal) {
            Bytes.putLong(bytes, 72, Footer.MAGIC)
            Bytes.putInt(bytes, 68, BlockTrailer.crc(bytes, 68))
        }
        val footer = try {
            Footer.decode(bytes, "000009.sst", footerOffset)
        } catch (e: CorruptionException) {
            check(e.message!!.startsWith("000009.sst: ")) { "message does not name the file: ${e.message}" }
            return
        }
        val firstBlock = if (footer.sealed()) EncryptionHeader.SIZE.toLong() else 0L
        for (h in listOf(footer.index(), footer.filter(), footer.properties(), footer.rangeTombstones())) {
            check(h == BlockHandle.NONE || h.offset() >= firstBlock && h.size() >= 0 && h.end() <= footerOffset) {
                "handle $h does not lie before the footer at $footerOffset"
            }
        }
        check(Footer.decode(footer.encode(), "000009.sst", footerOffset) == footer) { "footer does not round-trip" }
    }

    /** Seeds for the committed corpus (see FuzzCorpusGenerator). */
    companion object {
        /** @return seed inputs by method name, then by seed name */
        fun seeds(): Map<String, Map<String, ByteArray>> {
            val seeds = LinkedHashMap<String, ByteArray>()
            for ((name, table) in TableReaderFuzzTest.sampleTables()) {
                if (table.size < Footer.SIZE) continue
                val footerOffset = table.size - Footer.SIZE
                val offset = ByteArray(8).also { Bytes.putLong(it, 0, footerOffset.toLong()) }
                seeds[name] = table.copyOfRange(footerOffset, table.size) + offset
            }
            val valid = seeds.values.first()
            seeds["no-offset"] = valid.copyOf(Footer.SIZE)
            seeds["bad-magic"] = valid.copyOf().also { it[75] = 0 }
            seeds["bad-version"] = valid.copyOf().also { it[67] = 3 }
            seeds["sealed-version"] = valid.copyOf().also { it[67] = 2 }
            seeds["handle-past-end"] = valid.copyOf().also { it[8] = 0x7F }
            seeds["negative-offset"] = valid.copyOf().also { it[0] = 0x80.toByte() }
            return mapOf("decodesAnyFooter" to seeds, "decodesResealedFooter" to seeds)
        }
    }
}
