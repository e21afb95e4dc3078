// Jazzer fuzz tests of the encryption header decoder, which reads untrusted bytes at the start of
// every encrypted file: any bytes decode to a header that re-encodes to the same bytes, or raise
// CorruptionException naming the file; a header with its magic and checksum repaired reaches the
// key check and gives a file cipher, a CorruptionException, or the LsmException of a wrong key,
// and nothing else, and a unit opened with such a cipher is authenticated or a CorruptionException.
// JUnit 5 (Jazzer runs on JUnit). Regression mode replays EncryptionHeaderFuzzTestInputs/;
// JAZZER_FUZZ=1 fuzzes one method.
package dev.cairn.lsm.internal.crypto

import com.code_intelligence.jazzer.junit.FuzzTest
import dev.cairn.lsm.CorruptionException
import dev.cairn.lsm.Encryption
import dev.cairn.lsm.LsmException
import dev.cairn.lsm.internal.util.Bytes
import java.util.zip.CRC32C

class EncryptionHeaderFuzzTest {

    /** The bytes as a header, as they are. */
    @FuzzTest
    fun decodesAnyHeader(data: ByteArray) {
        val header = try {
            EncryptionHeader.decode(data, 0, data.size, "000009.sst", 0)
        } catch (e: CorruptionException) {
            check(e.message!!.startsWith("000009.sst: ")) { "message does not name the file: ${e.message}" }
            return
        }
        check(header.encode().contentEquals(data)) { "header does not re-encode to its bytes" }
    }

    /**
     * The first 64 bytes (zero-padded) with the magic and checksum made right, opened as table 9
     * of a store; the rest of the input is a sealed unit opened with the cipher that gives.
     */
    @FuzzTest
    fun opensResealedHeader(data: ByteArray) {
        val bytes = reseal(data.copyOf(EncryptionHeader.SIZE))
        val cipher = try {
            STORE.open(FileKind.TABLE, 9, "000009.sst", bytes, 0, bytes.size, 0)
        } catch (e: CorruptionException) {
            check(e.message!!.startsWith("000009.sst: ")) { "message does not name the file: ${e.message}" }
            return
        } catch (e: LsmException) {
            check(e.message!!.startsWith("wrong encryption key for store /db: 000009.sst")) { "unexpected: ${e.message}" }
            return
        }
        val unit = data.copyOfRange(minOf(data.size, EncryptionHeader.SIZE), data.size)
        try {
            val out = ByteArray(maxOf(0, unit.size - FileCipher.TAG_SIZE))
            cipher.open(FileCipher.DATA_BLOCK, 0, EncryptionHeader.SIZE.toLong(), unit, 0, unit.size, out, 0)
        } catch (e: CorruptionException) {
            check(e.message!!.startsWith("000009.sst: ")) { "message does not name the file: ${e.message}" }
        }
    }

    /** Seeds for the committed corpus (see FuzzCorpusGenerator). */
    companion object {
        private val STORE = StoreCipher.of(Encryption.aesGcm(ByteArray(32) { it.toByte() }), "/db")!!

        /** Magic and checksum made right. */
        fun reseal(header: ByteArray): ByteArray {
            Bytes.putLong(header, 0, EncryptionHeader.MAGIC)
            val crc = CRC32C()
            crc.update(header, 0, 60)
            Bytes.putInt(header, 60, crc.value.toInt())
            return header
        }

        /** @return seed inputs by method name, then by seed name */
        fun seeds(): Map<String, Map<String, ByteArray>> {
            val salt = ByteArray(16) { (it * 3).toByte() }
            val prefix = byteArrayOf(9, 8, 7, 6)
            val table = STORE.create(FileKind.TABLE, 9, "000009.sst", salt, prefix)
            val header = table.header()
            val plain = "a block of plaintext".encodeToByteArray()
            val unit = ByteArray(plain.size + FileCipher.TAG_SIZE)
            table.seal(FileCipher.DATA_BLOCK, 0, EncryptionHeader.SIZE.toLong(), plain, 0, plain.size, unit, 0)
            val seeds = linkedMapOf(
                "table" to header,
                "table-with-unit" to header + unit,
                "wal" to STORE.create(FileKind.WAL, 9, "000009.wal", salt, prefix).header(),
                "other-number" to STORE.create(FileKind.TABLE, 10, "000010.sst", salt, prefix).header(),
                "short" to header.copyOf(40),
                "bad-crc" to header.copyOf().also { it[30] = (it[30] + 1).toByte() },
                "bad-version" to reseal(header.copyOf().also { it[8] = 2 }),
                "bad-key-length" to reseal(header.copyOf().also { it[10] = 20 }),
                "bad-kind" to reseal(header.copyOf().also { it[11] = 9 }),
                "reserved-set" to reseal(header.copyOf().also { it[57] = 1 }),
                "wrong-check" to reseal(header.copyOf().also { it[45] = (it[45] + 1).toByte() }),
            )
            return mapOf("decodesAnyHeader" to seeds, "opensResealedHeader" to seeds)
        }
    }
}
