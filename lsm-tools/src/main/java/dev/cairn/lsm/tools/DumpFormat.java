// The file formats of dump and load, and the contract between them: an entry is a key and a
// value spelled in a ByteFormat; a writer emits one record per entry, a reader gives them back
// with the line each began on, or a BadRecord naming the line and what is wrong with it.
package dev.cairn.lsm.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;

/** JSON Lines or CSV. */
enum DumpFormat {
    /** One {@code {"key": ..., "value": ...}} object per line. */
    JSONL,
    /** A {@code key,value} header, then one RFC 4180 record per entry. */
    CSV;

    /** Writes entries. */
    interface EntryWriter {
        /** Writes one entry. */
        void write(byte[] key, byte[] value) throws IOException;
    }

    /** Reads entries back. */
    interface EntryReader {
        /**
         * @return the next entry, or null at the end of the input
         * @throws BadRecord when a record is malformed
         */
        Entry next() throws IOException;

        /** @return the characters consumed so far, for progress (approximately bytes) */
        long charsRead();
    }

    /**
     * An entry read back.
     *
     * @param key the key's bytes
     * @param value the value's bytes
     * @param line the line the entry's record began on (1-based)
     */
    record Entry(byte[] key, byte[] value, long line) { }

    /** A record that cannot be read. */
    static final class BadRecord extends IOException {
        private static final long serialVersionUID = 1L;

        /** The 1-based line the bad record began on. */
        final long line;

        BadRecord(long line, String message) {
            super(message);
            this.line = line;
        }
    }

    EntryWriter writer(Writer out, ByteFormat bytes) throws IOException {
        return this == JSONL ? new JsonLines.Writer(out, bytes) : new CsvLines.Writer(out, bytes);
    }

    EntryReader reader(BufferedReader in, ByteFormat bytes) throws IOException {
        return this == JSONL ? new JsonLines.Reader(in, bytes) : new CsvLines.Reader(in, bytes);
    }
}
