// The desktop workload on Cairn's Java API: notes under "note/" + 8-digit number, the settings
// object under "settings" (theme, font size, a counter: UTF-8 text joined by '\n'), every write
// synced (syncWrites). Used from one thread.
package dev.cairn.bench.desktop;

import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.StoreOptions;
import dev.cairn.lsm.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Cairn through LsmStore, synced writes. */
final class CairnDesktop implements DesktopStore {
    private static final byte[] SETTINGS = "settings".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOTES = "note/".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOTES_END = "note0".getBytes(StandardCharsets.UTF_8);

    private final Path dir;
    private LsmStore db;

    CairnDesktop(Path dir) {
        this.dir = dir;
    }

    private static byte[] noteKey(int note) {
        return String.format("note/%08d", note).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String openAndRead(int note) {
        db = LsmStore.open(dir, StoreOptions.builder().syncWrites(true).build());
        byte[] v = db.get(noteKey(note));
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    @Override
    public void updateSettings(int round) {
        byte[] old = db.get(SETTINGS);
        String[] fields = old == null ? new String[] {"dark", "14", "0"}
                : new String(old, StandardCharsets.UTF_8).split("\n", -1);
        fields[2] = Integer.toString(round);
        db.put(SETTINGS, String.join("\n", fields).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void fill(String[] notes) {
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < notes.length; i++) {
            batch.put(noteKey(i), notes[i].getBytes(StandardCharsets.UTF_8));
        }
        db.write(batch, dev.cairn.lsm.WriteOptions.defaults());
    }

    @Override
    public List<String> readAll() {
        List<String> out = new ArrayList<>();
        try (Cursor c = db.newCursor()) {
            for (c.seek(NOTES); c.isValid() && Arrays.compareUnsigned(c.key(), NOTES_END) < 0; c.next()) {
                out.add(new String(c.value(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (db != null) {
            db.close();
            db = null;
        }
    }
}
