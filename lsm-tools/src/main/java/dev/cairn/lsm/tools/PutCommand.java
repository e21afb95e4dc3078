// cairn put KEY VALUE: stores one value, creating the store when the directory does not exist.
package dev.cairn.lsm.tools;

import dev.cairn.lsm.LsmStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Writes one key. */
@Command(name = "put", mixinStandardHelpOptions = true,
        description = "Store VALUE under KEY (creates the store if the directory does not exist).")
final class PutCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
    String key;

    @Parameters(index = "1", paramLabel = "VALUE", description = "The value.")
    String value;

    @Mixin
    FamilyOption family;

    @Mixin
    EncodingOptions encoding;

    @Mixin
    SyncOption durability;

    @Override
    public Integer call() {
        ByteFormat f = encoding.format();
        byte[] k = f.decode(key, "KEY");
        byte[] v = f.decode(value, "VALUE");
        try (LsmStore db = StoreAccess.openForWriting(dir(), true, encryption())) {
            db.put(family.createIfMissing(db), k, v, durability.writeOptions());
        }
        return ExitCode.OK;
    }
}
