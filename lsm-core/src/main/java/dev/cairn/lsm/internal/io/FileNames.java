// The names of the files in a store directory and their parsing (docs/format.md, "Store
// directory"). Stateless; safe from any thread.
package dev.cairn.lsm.internal.io;

/**
 * Builds and parses store file names: {@code 000007.wal}, {@code 000008.sst}, {@code 000009.blob},
 * {@code MANIFEST-000005}, {@code CURRENT}, {@code LOCK}, and temporary names ending in
 * {@code .tmp}. Numbers are decimal, zero-padded to at least six digits.
 */
public final class FileNames {
    /** The file naming the live manifest. */
    public static final String CURRENT = "CURRENT";
    /** The lock file held while the store is open. */
    public static final String LOCK = "LOCK";
    /** Suffix of a file being written that is not yet part of the store. */
    public static final String TEMP_SUFFIX = ".tmp";

    private static final String WAL_SUFFIX = ".wal";
    private static final String TABLE_SUFFIX = ".sst";
    private static final String BLOB_SUFFIX = ".blob";
    private static final String MANIFEST_PREFIX = "MANIFEST-";

    /** The kind of a store file. */
    public enum FileType {
        /** A write-ahead log. */
        WAL,
        /** A sorted string table. */
        TABLE,
        /** A blob file of the value log. */
        BLOB,
        /** A manifest (log of version edits). */
        MANIFEST,
        /** The pointer to the live manifest. */
        CURRENT,
        /** The lock file. */
        LOCK,
        /** A temporary file: never live, removed at open. */
        TEMP
    }

    /**
     * A parsed file name.
     *
     * @param type what the file is
     * @param number its file number; for {@code TEMP} the number of the file it would become (0
     *     for {@code CURRENT.tmp}); 0 for {@code CURRENT} and {@code LOCK}
     */
    public record ParsedName(FileType type, long number) { }

    private FileNames() {
    }

    /** @return the name of write-ahead log {@code number}, e.g. {@code 000007.wal} */
    public static String wal(long number) {
        return padded(number) + WAL_SUFFIX;
    }

    /** @return the name of table {@code number}, e.g. {@code 000008.sst} */
    public static String table(long number) {
        return padded(number) + TABLE_SUFFIX;
    }

    /** @return the name of blob file {@code number}, e.g. {@code 000009.blob} */
    public static String blob(long number) {
        return padded(number) + BLOB_SUFFIX;
    }

    /** @return the name of manifest {@code number}, e.g. {@code MANIFEST-000005} */
    public static String manifest(long number) {
        return MANIFEST_PREFIX + padded(number);
    }

    /** @return the temporary name under which {@code finalName} is written, e.g. {@code 000008.sst.tmp} */
    public static String temp(String finalName) {
        return finalName + TEMP_SUFFIX;
    }

    /**
     * Parses a name found in a store directory.
     *
     * @param name a file name (no directory part)
     * @return its type and number, or null when the name is not one Cairn writes
     */
    public static ParsedName parse(String name) {
        if (name.endsWith(TEMP_SUFFIX)) {
            ParsedName base = parse(name.substring(0, name.length() - TEMP_SUFFIX.length()));
            return base == null || base.type() == FileType.TEMP || base.type() == FileType.LOCK
                ? null : new ParsedName(FileType.TEMP, base.number());
        }
        if (name.equals(CURRENT)) {
            return new ParsedName(FileType.CURRENT, 0);
        }
        if (name.equals(LOCK)) {
            return new ParsedName(FileType.LOCK, 0);
        }
        if (name.startsWith(MANIFEST_PREFIX)) {
            long n = number(name.substring(MANIFEST_PREFIX.length()));
            return n < 0 ? null : new ParsedName(FileType.MANIFEST, n);
        }
        if (name.endsWith(WAL_SUFFIX)) {
            long n = number(name.substring(0, name.length() - WAL_SUFFIX.length()));
            return n < 0 ? null : new ParsedName(FileType.WAL, n);
        }
        if (name.endsWith(TABLE_SUFFIX)) {
            long n = number(name.substring(0, name.length() - TABLE_SUFFIX.length()));
            return n < 0 ? null : new ParsedName(FileType.TABLE, n);
        }
        if (name.endsWith(BLOB_SUFFIX)) {
            long n = number(name.substring(0, name.length() - BLOB_SUFFIX.length()));
            return n < 0 ? null : new ParsedName(FileType.BLOB, n);
        }
        return null;
    }

    private static String padded(long number) {
        if (number < 0) {
            throw new IllegalArgumentException("file number must be >= 0, was " + number);
        }
        String digits = Long.toString(number);
        return digits.length() >= 6 ? digits : "000000".substring(digits.length()) + digits;
    }

    /** @return the number spelled canonically by {@code digits}, or -1 */
    private static long number(String digits) {
        if (digits.length() < 6 || digits.length() > 19) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        long n;
        try {
            n = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
        return padded(n).equals(digits) ? n : -1;
    }
}
