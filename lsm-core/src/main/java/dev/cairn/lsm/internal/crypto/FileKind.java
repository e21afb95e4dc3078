// The kinds of encrypted file. A kind's code is written in the file's encryption header and is
// part of every key derivation and every unit's associated data (docs/format.md, "Encryption"),
// so a unit sealed for one kind of file never opens as another. Immutable.
package dev.cairn.lsm.internal.crypto;

/** What an encrypted file is. */
public enum FileKind {
    /** A table ({@code NNNNNN.sst}). */
    TABLE(1),
    /** A write-ahead log ({@code NNNNNN.wal}). */
    WAL(2),
    /** A manifest ({@code MANIFEST-NNNNNN}). */
    MANIFEST(3),
    /** A blob file of the value log ({@code NNNNNN.blob}). */
    BLOB(4);

    /** The byte written for this kind. */
    final byte code;

    FileKind(int code) {
        this.code = (byte) code;
    }

    /** @return the kind written as {@code code}, or null when no kind has that code */
    static FileKind of(int code) {
        for (FileKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }
}
