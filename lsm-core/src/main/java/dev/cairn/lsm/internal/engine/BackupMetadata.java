// The metadata file of one backup (docs/format.md, "Backup directory"): a few lines of UTF-8
// text naming the backup's id, time, sequence and manifest, then every file a restore writes
// with where it is stored, its size and its CRC32C, and last a line holding the CRC32C of all
// the bytes before it. It is written last and atomically, so a backup exists exactly when its
// metadata file does. A backup directory may come from elsewhere: decode refuses a name that is
// not a store file's, and a stored path that leaves shared/ or private/ID/ (path traversal).
// Immutable value; encode/decode are stateless.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.CorruptionException;
import dev.cairn.lsm.internal.io.FileNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A backup's metadata.
 *
 * @param id the backup's id
 * @param time when it was taken, epoch milliseconds
 * @param sequence the store's sequence number it shows
 * @param manifest the manifest a restore points CURRENT at
 * @param files every file a restore writes
 */
record BackupMetadata(long id, long time, long sequence, String manifest, List<StoredFile> files) {
    static final String MAGIC = "cairn-backup 1";

    BackupMetadata {
        files = List.copyOf(files);
    }

    /**
     * One file of a backup.
     *
     * @param name its name in a restored store ({@code 000012.sst})
     * @param stored where it is, relative to the backup directory ({@code shared/...})
     * @param size its size
     * @param crc32c the CRC32C of its bytes
     */
    record StoredFile(String name, String stored, long size, int crc32c) { }

    /** @return the bytes of every file */
    long bytes() {
        return files.stream().mapToLong(StoredFile::size).sum();
    }

    byte[] encode() {
        StringBuilder sb = new StringBuilder();
        sb.append(MAGIC).append('\n');
        sb.append("id ").append(id).append('\n');
        sb.append("time ").append(time).append('\n');
        sb.append("sequence ").append(sequence).append('\n');
        sb.append("manifest ").append(manifest).append('\n');
        for (StoredFile f : files) {
            sb.append("file ").append(f.name()).append(' ').append(f.stored()).append(' ').append(f.size()).append(' ')
                    .append(hex(f.crc32c())).append('\n');
        }
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        String end = "end " + hex(crc(body, body.length)) + "\n";
        byte[] out = new byte[body.length + end.length()];
        System.arraycopy(body, 0, out, 0, body.length);
        System.arraycopy(end.getBytes(StandardCharsets.US_ASCII), 0, out, body.length, end.length());
        return out;
    }

    /**
     * @param bytes a metadata file's bytes
     * @param fileName its name, for messages
     * @return the metadata
     * @throws CorruptionException naming the file and the line when anything is malformed or the
     *     final checksum does not match
     */
    static BackupMetadata decode(byte[] bytes, String fileName) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int endAt = text.lastIndexOf("end ");
        if (endAt < 0 || !text.endsWith("\n")) {
            throw new CorruptionException(fileName + ": backup metadata has no final checksum line (truncated?)");
        }
        byte[] body = text.substring(0, endAt).getBytes(StandardCharsets.UTF_8);
        String stored = text.substring(endAt + 4, text.length() - 1);
        if (!stored.equals(hex(crc(body, body.length)))) {
            throw new CorruptionException(fileName + ": backup metadata checksum mismatch at offset " + body.length);
        }
        String[] lines = text.substring(0, endAt).split("\n");
        if (lines.length < 5 || !lines[0].equals(MAGIC)) {
            throw new CorruptionException(fileName + ": not backup metadata (line 1 is not \"" + MAGIC + "\")");
        }
        long id = number(lines[1], "id", fileName, 2);
        long time = number(lines[2], "time", fileName, 3);
        long sequence = number(lines[3], "sequence", fileName, 4);
        String manifest = field(lines[4], "manifest", fileName, 5);
        FileNames.ParsedName m = FileNames.parse(manifest);
        if (m == null || m.type() != FileNames.FileType.MANIFEST) {
            throw new CorruptionException(fileName + ": line 5 names \"" + manifest + "\", which is not a manifest file name");
        }
        List<StoredFile> files = new ArrayList<>();
        for (int i = 5; i < lines.length; i++) {
            String[] f = field(lines[i], "file", fileName, i + 1).split(" ");
            if (f.length != 4) {
                throw new CorruptionException(fileName + ": line " + (i + 1) + " is not \"file NAME STORED SIZE CRC\"");
            }
            checkNames(f[0], f[1], fileName, i + 1);
            try {
                files.add(new StoredFile(f[0], f[1], Long.parseLong(f[2]), Integer.parseUnsignedInt(f[3], 16)));
            } catch (NumberFormatException e) {
                throw new CorruptionException(fileName + ": line " + (i + 1) + " has a bad size or checksum", e);
            }
        }
        return new BackupMetadata(id, time, sequence, manifest, files);
    }

    /**
     * Refuses a file a restore would write outside its target, or read from outside the backup
     * directory: the name must be a table's, a log's or a manifest's, and the stored path
     * {@code shared/NAME} or {@code private/ID/NAME}, without {@code .}, {@code ..} or separators
     * in a part.
     */
    private static void checkNames(String name, String stored, String fileName, int lineNo) {
        FileNames.ParsedName n = FileNames.parse(name);
        if (n == null || n.type() == FileNames.FileType.TEMP || n.type() == FileNames.FileType.LOCK
                || n.type() == FileNames.FileType.CURRENT) {
            throw new CorruptionException(fileName + ": line " + lineNo + " names \"" + name
                    + "\", which is not a table, log or manifest file name");
        }
        String[] parts = stored.split("/", -1);
        boolean shape = parts.length == 2 && parts[0].equals("shared")
                || parts.length == 3 && parts[0].equals("private") && parts[1].matches("[0-9]{6,19}");
        for (String part : parts) {
            shape &= !part.isEmpty() && !part.equals(".") && !part.equals("..") && part.indexOf('\\') < 0
                    && part.indexOf('\0') < 0 && part.indexOf(':') < 0;
        }
        if (!shape) {
            throw new CorruptionException(fileName + ": line " + lineNo + " stores a file at \"" + stored
                    + "\", outside shared/ and private/ID/ of the backup directory");
        }
    }

    private static String field(String line, String name, String fileName, int lineNo) {
        if (!line.startsWith(name + " ")) {
            throw new CorruptionException(fileName + ": line " + lineNo + " should start with \"" + name + " \"");
        }
        return line.substring(name.length() + 1);
    }

    private static long number(String line, String name, String fileName, int lineNo) {
        try {
            return Long.parseLong(field(line, name, fileName, lineNo));
        } catch (NumberFormatException e) {
            throw new CorruptionException(fileName + ": line " + lineNo + " has a bad " + name, e);
        }
    }

    static String hex(int crc) {
        return String.format("%08x", crc);
    }

    private static int crc(byte[] b, int len) {
        CRC32C c = new CRC32C();
        c.update(b, 0, len);
        return (int) c.getValue();
    }
}
