// cairn stats: StoreStats of the store as opened: level sizes, amplification, cache hit rate,
// sequence, snapshots. Counters of work (bytes written and read, cache hits, syncs) count from
// this open only.
package dev.cairn.lsm.tools;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.LevelStats;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.StoreStats;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Shows statistics. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Show StoreStats (of the store, or of one family with --family): level sizes, amplification,"
                + " cache hit rate, last sequence; and each column family's tables.")
final class StatsCommand extends StoreCommand {
    @Option(names = "--json", description = "Print the statistics as JSON.")
    boolean json;

    @Mixin
    FamilyOption family;

    @Override
    public Integer call() {
        StoreStats s;
        String name;
        List<String> families = new ArrayList<>();
        try (LsmStore db = StoreAccess.openForReading(dir(), encryption())) {
            ColumnFamily cf = family.name == null ? null : family.existing(db);
            s = cf == null ? db.stats() : db.stats(cf);
            name = cf == null ? null : cf.name();
            for (ColumnFamily f : db.columnFamilies()) {
                StoreStats fs = db.stats(f);
                families.add(f.name() + " (" + fs.tableCount() + " tables, " + TextTable.bytes(fs.tableBytes()) + ")");
            }
        }
        if (json) {
            JsonObject o = GSON.newBuilder()
                    .registerTypeAdapter(Duration.class, (JsonSerializer<Duration>) (d, t, c) -> new JsonPrimitive(d.toMillis()))
                    .create().toJsonTree(s).getAsJsonObject();
            o.add("oldestSnapshotAgeMillis", o.remove("oldestSnapshotAge"));
            o.addProperty("tableCount", s.tableCount());
            o.addProperty("tableBytes", s.tableBytes());
            o.addProperty("blockCacheHitRate", s.blockCacheHitRate());
            o.addProperty("writeAmplification", s.writeAmplification());
            o.addProperty("readAmplification", s.readAmplification());
            o.addProperty("spaceAmplification", s.spaceAmplification());
            if (name != null) {
                o.addProperty("family", name);
            }
            o.add("families", GSON.toJsonTree(families));
            printJson(o);
            return ExitCode.OK;
        }
        PrintStream out = io().out();
        if (name != null) {
            out.println("column family        " + name);
        }
        out.println("column families      " + String.join(", ", families));
        out.println("last sequence        " + s.lastSequence());
        out.println("tables               " + s.tableCount() + ", " + TextTable.bytes(s.tableBytes()));
        out.println("memtables            " + TextTable.bytes(s.memtableBytes()) + " (" + s.immutableMemtables()
                + " waiting to flush)");
        out.println("pending compaction   " + TextTable.bytes(s.pendingCompactionBytes()));
        out.println(String.format("space amplification  %.2f (all tables over an estimated %s of live data)",
                s.spaceAmplification(), TextTable.bytes(s.estimatedLiveBytes())));
        out.println(String.format("write amplification  %.2f since open", s.writeAmplification()));
        out.println(String.format("read amplification   %.2f tables per point read (%d reads since open)",
                s.readAmplification(), s.pointReads()));
        out.println("table bytes read     " + TextTable.bytes(s.tableBytesRead()) + " since open");
        out.println("WAL syncs            " + s.walSyncs() + " since open");
        out.println(String.format("block cache hit rate %.1f%% (%d hits, %d misses since open)",
                100 * s.blockCacheHitRate(), s.blockCacheHits(), s.blockCacheMisses()));
        out.println("stalled writers      " + s.stallNanos() / 1_000_000 + " ms since open");
        out.println("open snapshots       " + s.openSnapshots() + (s.openSnapshots() == 0 ? ""
                : ", the oldest open for " + s.oldestSnapshotAge().toMillis() + " ms"));
        out.println();
        TextTable t = new TextTable(">LEVEL", ">TABLES", ">BYTES", ">SIZE");
        for (LevelStats l : s.levels()) {
            if (l.tableCount() > 0) {
                t.row(l.level(), l.tableCount(), l.bytes(), TextTable.bytes(l.bytes()));
            }
        }
        if (!t.isEmpty()) {
            t.print(out);
        }
        return ExitCode.OK;
    }
}
