// cairn scan [--from A] [--to B] [--limit N] [--reverse]: the entries of [A, B) in key order
// (or reverse order), as a table for people or a JSON array with --json.
package dev.cairn.lsm.tools;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.cairn.lsm.Cursor;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.ReadOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Lists a key range. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "List the entries in [--from, --to) in key order (--reverse: from the end).")
final class ScanCommand extends StoreCommand {
    @Option(names = "--from", paramLabel = "KEY", description = "First key (default: the first in the store).")
    String from;

    @Option(names = "--to", paramLabel = "KEY", description = "First key after the range (default: past the last).")
    String to;

    @Option(names = "--limit", paramLabel = "N", description = "At most N entries (default: all).")
    long limit = Long.MAX_VALUE;

    @Option(names = "--reverse", description = "Walk the range from its end backwards.")
    boolean reverse;

    @Option(names = "--keys-only", description = "Print only the keys.")
    boolean keysOnly;

    @Mixin
    FamilyOption family;

    @Mixin
    EncodingOptions encoding;

    @Option(names = "--json", description = "Print a JSON array of {\"key\": ..., \"value\": ...}.")
    boolean json;

    @Override
    public Integer call() {
        ByteFormat f = encoding.format();
        KeyRange range = KeyRange.of(f, from, to);
        if (limit < 0) {
            throw ToolException.usage("--limit must be at least 0, was " + limit);
        }
        TextTable table = keysOnly ? new TextTable("KEY") : new TextTable("KEY", "VALUE");
        JsonArray array = new JsonArray();
        long n = 0;
        try (LsmStore db = StoreAccess.openForReading(dir(), encryption());
             Cursor c = db.newCursor(family.existing(db), ReadOptions.defaults())) {
            position(c, range);
            while (c.isValid() && n < limit && (reverse ? range.atOrAfterStart(c.key()) : range.belowEnd(c.key()))) {
                byte[] k = c.key();
                byte[] v = c.value();
                if (json) {
                    JsonObject o = new JsonObject();
                    o.addProperty("key", f.encode(k, "key"));
                    if (!keysOnly) {
                        o.addProperty("value", f.encode(v, "value"));
                    }
                    array.add(o);
                } else if (keysOnly) {
                    table.row(f.display(k));
                } else {
                    table.row(f.display(k), f.display(v));
                }
                n++;
                if (reverse) {
                    c.prev();
                } else {
                    c.next();
                }
            }
        }
        if (json) {
            printJson(array);
        } else {
            table.print(io().out());
            note(n + (n == 1 ? " entry" : " entries"));
        }
        return ExitCode.OK;
    }

    private void position(Cursor c, KeyRange range) {
        if (!reverse) {
            if (range.from() == null) {
                c.seekToFirst();
            } else {
                c.seek(range.from());
            }
            return;
        }
        if (range.to() == null) {
            c.seekToLast();
            return;
        }
        // The last key below the exclusive end.
        c.seekForPrev(range.to());
        if (c.isValid() && !range.belowEnd(c.key())) {
            c.prev();
        }
    }
}
