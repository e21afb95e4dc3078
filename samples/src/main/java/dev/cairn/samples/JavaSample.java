// Plain Java use of lsm-core: open, put and get, an atomic batch, an ordered cursor scan over a
// snapshot, and close. Deletes its directory first, so it can be run again.
package dev.cairn.samples;

import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.ReadOptions;
import dev.cairn.lsm.Snapshot;
import dev.cairn.lsm.StoreOptions;
import dev.cairn.lsm.WriteBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A short tour of the Java API. */
public final class JavaSample {
    private JavaSample() {
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return b == null ? "null" : new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Runs the sample.
     *
     * @param args ignored
     * @throws IOException if the sample directory cannot be cleared
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "cairn-java-sample");
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        StoreOptions options = StoreOptions.builder().syncWrites(true).build();
        try (LsmStore db = LsmStore.open(dir, options)) {
            db.put(bytes("fruit:apple"), bytes("red"));
            db.put(bytes("fruit:banana"), bytes("yellow"));
            System.out.println("apple is " + text(db.get(bytes("fruit:apple"))));

            db.write(new WriteBatch()
                    .put(bytes("fruit:cherry"), bytes("dark red"))
                    .delete(bytes("fruit:banana"))
                    .put(bytes("veg:leek"), bytes("green")));

            try (Snapshot snapshot = db.snapshot(); Cursor c = db.newCursor(ReadOptions.at(snapshot))) {
                db.put(bytes("fruit:date"), bytes("brown")); // not seen: written after the snapshot
                for (c.seek(bytes("fruit:")); c.isValid() && text(c.key()).startsWith("fruit:"); c.next()) {
                    System.out.println("  " + text(c.key()) + " = " + text(c.value()));
                }
            }
            System.out.println("date is " + text(db.get(bytes("fruit:date"))));
        }
        System.out.println("closed");
    }
}
