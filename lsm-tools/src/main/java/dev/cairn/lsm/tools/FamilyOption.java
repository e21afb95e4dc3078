// The --family option of the commands that read or write keys (a picocli mixin): which column
// family they work in. Confined to one command run.
package dev.cairn.lsm.tools;

import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.ColumnFamilyOptions;
import dev.cairn.lsm.LsmStore;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** Chooses the column family a command reads or writes; the default family when not given. */
final class FamilyOption {
    @Option(names = "--family", paramLabel = "NAME",
            description = "The column family to work in (default: the default family).")
    String name;

    /**
     * @param db the open store
     * @return the family named by --family (the default family when none was given)
     * @throws ToolException (not found) naming the store's families when it has none of that name
     */
    ColumnFamily existing(LsmStore db) {
        ColumnFamily f = db.columnFamily(chosen(db));
        if (f == null) {
            throw ToolException.notFound("no column family '" + name + "' in this store; its families: "
                    + db.columnFamilies().stream().map(ColumnFamily::name).collect(Collectors.joining(", ")));
        }
        return f;
    }

    /**
     * For the commands that write: a family that does not exist yet is created with the default
     * options, as a store that does not exist yet is.
     *
     * @param db the store, open for writing
     * @return the family named by --family, created when missing
     */
    ColumnFamily createIfMissing(LsmStore db) {
        ColumnFamily f = db.columnFamily(chosen(db));
        return f != null ? f : db.createColumnFamily(name, ColumnFamilyOptions.defaults());
    }

    private String chosen(LsmStore db) {
        return name != null ? name : db.columnFamilies().get(0).name();
    }
}
