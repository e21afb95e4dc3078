// cairn delete KEY, or cairn delete --from A --to B: removes a key or the keys of [A, B).
package dev.cairn.lsm.tools;

import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.WriteBatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Removes a key or a range. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Remove KEY, or every key in [--from, --to). Removing an absent key is not an error.")
final class DeleteCommand extends StoreCommand {
    @Parameters(arity = "0..1", paramLabel = "KEY", description = "The key.")
    String key;

    @Option(names = "--from", paramLabel = "KEY", description = "First key of a range to remove.")
    String from;

    @Option(names = "--to", paramLabel = "KEY", description = "First key after the range (kept).")
    String to;

    @Mixin
    FamilyOption family;

    @Mixin
    EncodingOptions encoding;

    @Mixin
    SyncOption durability;

    @Override
    public Integer call() {
        ByteFormat f = encoding.format();
        boolean range = from != null || to != null;
        if (range == (key != null)) {
            throw ToolException.usage("give either KEY or --from and --to");
        }
        if (range && (from == null || to == null)) {
            throw ToolException.usage("a range needs both --from and --to");
        }
        KeyRange r = range ? KeyRange.of(f, from, to) : null;
        byte[] k = range ? null : f.decode(key, "KEY");
        try (LsmStore db = StoreAccess.openForWriting(dir(), false, encryption())) {
            ColumnFamily cf = family.existing(db);
            WriteBatch batch = range ? new WriteBatch().deleteRange(cf, r.from(), r.to()) : new WriteBatch().delete(cf, k);
            db.write(batch, durability.writeOptions());
        }
        return ExitCode.OK;
    }
}
